-- Audio uploads: what Transcribe heard (the transcript goes through the text path), its language, and where Polly's
-- speech of it (or of its translation) is. The full transcript JSON is in curated/ai-transcripts/<execution>.json.
SELECT object_key, object_bytes, started_at, finished_at,
       a.text AS transcript, a.language, a.sentiment,
       a.translation.text AS translation,
       coalesce(a.speech.outputuri, a.speech.skipped) AS speech
FROM ai_results
CROSS JOIN UNNEST(text_analyses) AS t(a)
WHERE input_type = 'audio'
ORDER BY started_at DESC;

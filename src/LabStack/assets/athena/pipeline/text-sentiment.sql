-- What Comprehend and Translate said about each text: language, sentiment, key phrases, entities, and the translation.
SELECT object_key, input_type, truncated,
       a.language, ROUND(a.language_score, 3) AS language_score, a.analyzed_language, a.sentiment,
       ROUND(a.sentiment_scores.positive, 3) AS positive, ROUND(a.sentiment_scores.negative, 3) AS negative,
       transform(a.key_phrases, k -> k.text) AS key_phrases,
       transform(a.entities, e -> e.type || ': ' || e.text) AS entities,
       a.translation.text AS translation
FROM ai_results
CROSS JOIN UNNEST(text_analyses) AS t(a)
ORDER BY started_at DESC;

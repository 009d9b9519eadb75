-- What Comprehend and Translate said about each text: language, sentiment, and the translation when one was needed.
SELECT object_key, input_type, truncated,
       a.language, ROUND(a.language_score, 3) AS language_score, a.sentiment,
       ROUND(a.sentiment_scores.positive, 3) AS positive, ROUND(a.sentiment_scores.negative, 3) AS negative,
       a.key_phrases, a.entities, a.translation.text AS translation
FROM ai_results
CROSS JOIN UNNEST(text_analyses) AS t(a)
ORDER BY started_at DESC;

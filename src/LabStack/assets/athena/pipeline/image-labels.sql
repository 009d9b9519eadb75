-- Which labels did Rekognition find, in how many images, and how confident was it?
SELECT l.name AS label, COUNT(*) AS images, ROUND(AVG(l.confidence), 1) AS mean_confidence
FROM ai_results
CROSS JOIN UNNEST(labels) AS t(l)
WHERE input_type = 'image'
GROUP BY l.name
ORDER BY images DESC, mean_confidence DESC;

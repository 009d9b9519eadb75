-- Which labels did Rekognition find, in how many images, and how confident was it?
SELECT label, COUNT(*) AS images, ROUND(AVG(confidence), 1) AS mean_confidence
FROM ai_results
CROSS JOIN UNNEST(labels, label_confidences) AS t(label, confidence)
WHERE input_type = 'image'
GROUP BY label
ORDER BY images DESC, mean_confidence DESC;

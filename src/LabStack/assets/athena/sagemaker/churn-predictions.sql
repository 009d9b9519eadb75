-- Notebook 06's batch transform, scored in SQL: the confusion matrix at a 0.5 threshold, then precision and recall.
WITH scored AS (
  SELECT churned, CASE WHEN churn_score >= 0.5 THEN 1 ELSE 0 END AS predicted FROM churn_predictions
)
SELECT COUNT(*) AS customers,
       SUM(CASE WHEN predicted = 1 AND churned = 1 THEN 1 ELSE 0 END) AS true_positives,
       SUM(CASE WHEN predicted = 1 AND churned = 0 THEN 1 ELSE 0 END) AS false_positives,
       SUM(CASE WHEN predicted = 0 AND churned = 1 THEN 1 ELSE 0 END) AS false_negatives,
       SUM(CASE WHEN predicted = 0 AND churned = 0 THEN 1 ELSE 0 END) AS true_negatives,
       ROUND(CAST(SUM(CASE WHEN predicted = 1 AND churned = 1 THEN 1 ELSE 0 END) AS double) / NULLIF(SUM(predicted), 0), 3) AS precision,
       ROUND(CAST(SUM(CASE WHEN predicted = 1 AND churned = 1 THEN 1 ELSE 0 END) AS double) / NULLIF(SUM(churned), 0), 3) AS recall
FROM scored;

-- Class balance of the churn label: how imbalanced is the target, and what would a model that always says "stays" score?
SELECT churned,
       COUNT(*) AS customers,
       ROUND(100.0 * COUNT(*) / SUM(COUNT(*)) OVER (), 2) AS percent_of_rows
FROM customers
GROUP BY churned
ORDER BY churned;

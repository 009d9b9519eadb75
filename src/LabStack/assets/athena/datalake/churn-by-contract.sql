-- Feature aggregate: churn rate and numeric feature statistics per contract type (a categorical feature worth one-hot encoding).
SELECT contract_type,
       COUNT(*) AS customers,
       ROUND(100.0 * AVG(churned), 1) AS churn_rate_percent,
       ROUND(AVG(tenure_months), 1) AS mean_tenure_months,
       ROUND(AVG(monthly_charges), 2) AS mean_monthly_charges,
       ROUND(STDDEV_SAMP(monthly_charges), 2) AS stddev_monthly_charges,
       ROUND(APPROX_PERCENTILE(data_usage_gb, 0.5), 2) AS median_data_usage_gb
FROM customers
GROUP BY contract_type
ORDER BY churn_rate_percent DESC;

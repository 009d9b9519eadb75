-- Correlated numeric features: tenure and total charges move together, which is why scaling and PCA help.
SELECT ROUND(CORR(tenure_months, total_charges), 3) AS tenure_vs_total_charges,
       ROUND(CORR(monthly_charges, total_charges), 3) AS monthly_vs_total_charges,
       ROUND(CORR(support_calls, churned), 3) AS support_calls_vs_churn,
       ROUND(CORR(tenure_months, churned), 3) AS tenure_vs_churn,
       MIN(monthly_charges) AS min_monthly_charges,
       MAX(total_charges) AS max_total_charges
FROM customers;

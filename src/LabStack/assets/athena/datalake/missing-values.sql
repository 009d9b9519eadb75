-- Missing values per column: which features need imputation (mean, median, mode) or a "missing" category?
SELECT COUNT(*) AS total_rows,
       COUNT(*) - COUNT(age) AS missing_age,
       COUNT(*) - COUNT(tenure_months) AS missing_tenure_months,
       COUNT(*) - COUNT(monthly_charges) AS missing_monthly_charges,
       COUNT(*) - COUNT(total_charges) AS missing_total_charges,
       COUNT(*) - COUNT(support_calls) AS missing_support_calls,
       COUNT(*) - COUNT(data_usage_gb) AS missing_data_usage_gb,
       COUNT(*) - COUNT(contract_type) AS missing_contract_type,
       COUNT(*) - COUNT(payment_method) AS missing_payment_method,
       COUNT(*) - COUNT(region) AS missing_region,
       COUNT(*) - COUNT(has_partner) AS missing_has_partner
FROM customers;

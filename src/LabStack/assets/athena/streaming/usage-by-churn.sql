-- Streamed usage joined back to the customers table: do customers who churned use the service differently?
SELECT c.churned,
       COUNT(*) AS events,
       COUNT(DISTINCT e.customer_id) AS customers,
       ROUND(AVG(CASE WHEN e.event_type = 'data' THEN e.data_mb END), 1) AS mean_data_mb,
       SUM(CASE WHEN e.event_type = 'support' THEN 1 ELSE 0 END) AS support_events,
       MIN(e.event_time) AS first_event,
       MAX(e.event_time) AS last_event
FROM usage_events e
JOIN customers c ON e.customer_id = c.customer_id
WHERE e.dt >= date_format(current_date - interval '7' day, '%Y-%m-%d')
GROUP BY c.churned
ORDER BY c.churned;

-- What arrived today: the newest events Firehose delivered as Parquet (partition projection on dt prunes other days).
SELECT dt, event_time, customer_id, event_type, data_mb, duration_seconds
FROM usage_events
WHERE dt = date_format(current_date, '%Y-%m-%d')
ORDER BY event_time DESC
LIMIT 50;

-- Flink SQL for exercise 12, one paragraph of the Studio notebook each (start every paragraph with %flink.ssql).
-- The notebook's catalog is the lab's Glue database: tables created here are stored there, and the notebook's role may
-- create only tables whose names start with flink_. {stream}, {region} and {lake} are the StreamName output, the
-- region and the LakeBucketName output.

-- 1. The source: the usage events as the producer puts them into the Kinesis stream (JSON, one event per record).
--    event_time is the event's own time; the watermark lets a window close 10 seconds after its end.
CREATE TABLE flink_usage_events (
  event_id STRING,
  customer_id STRING,
  event_time TIMESTAMP(3),
  event_type STRING,
  data_mb DOUBLE,
  duration_seconds INT,
  WATERMARK FOR event_time AS event_time - INTERVAL '10' SECOND
) WITH (
  'connector' = 'kinesis',
  'stream' = '{stream}',
  'aws.region' = '{region}',
  'scan.stream.initpos' = 'TRIM_HORIZON',
  'format' = 'json',
  'json.timestamp-format.standard' = 'SQL'
);

-- 2. The sink: JSON lines under curated/usage-windows/, the prefix the lab's Glue table usage_windows reads in Athena.
--    A file is committed at each checkpoint; until then it is hidden (its name starts with a dot), so Athena skips it.
CREATE TABLE flink_usage_windows (
  window_kind STRING,
  window_start TIMESTAMP(3),
  window_end TIMESTAMP(3),
  event_type STRING,
  events BIGINT,
  data_mb DOUBLE,
  duration_seconds BIGINT
) WITH (
  'connector' = 'filesystem',
  'path' = 's3://{lake}/curated/usage-windows/',
  'format' = 'json',
  'json.timestamp-format.standard' = 'SQL'
);

-- 3. Tumbling windows: fixed, non-overlapping one-minute buckets; each event counts in exactly one window.
SELECT window_start, window_end, event_type, COUNT(*) AS events, SUM(data_mb) AS data_mb
FROM TABLE(TUMBLE(TABLE flink_usage_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, event_type;

-- 4. Sliding (hopping) windows: five minutes long, starting every minute; each event counts in five windows.
SELECT window_start, window_end, event_type, COUNT(*) AS events, SUM(data_mb) AS data_mb
FROM TABLE(HOP(TABLE flink_usage_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, event_type;

-- 5. Both into the lake: one INSERT job that runs until you stop it (or the session workflow stops the notebook).
INSERT INTO flink_usage_windows
SELECT 'tumbling-1m', window_start, window_end, event_type, COUNT(*), SUM(data_mb), CAST(SUM(duration_seconds) AS BIGINT)
FROM TABLE(TUMBLE(TABLE flink_usage_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE))
GROUP BY window_start, window_end, event_type
UNION ALL
SELECT 'sliding-5m-every-1m', window_start, window_end, event_type, COUNT(*), SUM(data_mb), CAST(SUM(duration_seconds) AS BIGINT)
FROM TABLE(HOP(TABLE flink_usage_events, DESCRIPTOR(event_time), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))
GROUP BY window_start, window_end, event_type;

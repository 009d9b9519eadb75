-- Video uploads: each label Rekognition Video found, with the stretch of the video it covers.
-- label_pages holds one list of segment labels per page GetLabelDetection returned, and flatten() makes them one list;
-- labels_truncated is true when Rekognition had more pages than the pipeline reads.
SELECT object_key, video.seconds AS video_seconds, video.metadata.codec AS codec,
       l.label.name AS label, round(l.label.confidence, 1) AS confidence,
       l.starttimestampmillis / 1000.0 AS from_second, l.endtimestampmillis / 1000.0 AS to_second,
       video.labels_truncated
FROM ai_results
CROSS JOIN UNNEST(flatten(video.label_pages)) AS t(l)
WHERE input_type = 'video'
ORDER BY started_at DESC, from_second, confidence DESC;

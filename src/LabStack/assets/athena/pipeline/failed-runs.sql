-- Runs that failed and why: wrong type, empty file, image too large, unsupported language pair...
SELECT failed_at, object_key, error, cause
FROM ai_errors
ORDER BY failed_at DESC;

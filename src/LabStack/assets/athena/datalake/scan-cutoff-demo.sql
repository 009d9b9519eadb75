-- Cost-guard demo (exercise 1): writes customers 64 times over, uncompressed (about 24 MB), so that SELECT * FROM customers_x64 passes a 10 MB scan cutoff.
-- Uncompressed because Athena's CTAS writes GZIP text by default (https://docs.aws.amazon.com/athena/latest/ug/compression-formats.html),
-- which would shrink the table under 4 MB.
CREATE TABLE customers_x64
WITH (format = 'TEXTFILE', field_delimiter = ',', write_compression = 'NONE')
AS SELECT c.*, copy
FROM customers c
CROSS JOIN UNNEST(sequence(1, 64)) AS t (copy);

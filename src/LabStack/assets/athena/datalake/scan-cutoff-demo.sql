-- Cost-guard demo (exercise 1): writes customers 40 times over (about 14 MB) into a new table, so that SELECT * FROM customers_x40 passes a 10 MB scan cutoff.
CREATE TABLE customers_x40
WITH (format = 'TEXTFILE', field_delimiter = ',')
AS SELECT c.*, copy
FROM customers c
CROSS JOIN UNNEST(sequence(1, 40)) AS t (copy);

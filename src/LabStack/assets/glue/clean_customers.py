"""Glue ETL exercise of the ML study lab: the customers table, cleaned, as partitioned Parquet in the catalog.

Reads <database>.customers from the Glue Data Catalog (the CSV files under raw/customers/) with a job bookmark, so a
second run reads only the files added since the last successful one. Casts the numeric columns, fills missing values
as the EMR step does (the median of the rows read for numbers, "unknown" for categories), and writes Snappy Parquet
partitioned by region to curated/customers-clean/, creating or updating the catalog table <database>.customers_clean.
The medians come from every row read: fine for a cleaned table, leakage (notebook 1) if a model is evaluated on it.

Job arguments (set on the job by the stack): --database <glue database> --lake_bucket <bucket>
"""
import sys

from awsglue.context import GlueContext
from awsglue.dynamicframe import DynamicFrame
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext
from pyspark.sql import functions as F

NUMERIC = ["age", "tenure_months", "monthly_charges", "total_charges", "support_calls", "data_usage_gb"]
CATEGORICAL = ["contract_type", "payment_method", "region", "has_partner"]
TARGET_TABLE = "customers_clean"
TARGET_PREFIX = "curated/customers-clean/"


def resolve_types(source):
    """One type per column before Spark sees it. Glue's CSV reader types a column as a choice (a struct of int and
    string, say) where a value does not parse as the catalog's type, such as a header row or an empty field; a cast of
    such a struct fails. Each numeric column and the label are cast to one type, and what does not parse is null."""
    return source.resolveChoice(specs=[(column, "cast:double") for column in NUMERIC] + [("churned", "cast:int")])


def clean(customers):
    """Types and missing values: numbers as doubles with the median filled in, categories with 'unknown'."""
    # The table skips the CSV header; this guards against a header read as a row all the same.
    customers = customers.filter(F.col("customer_id") != "customer_id")
    for column in NUMERIC:
        customers = customers.withColumn(column, F.col(column).cast("double"))
    # An empty field is read as an empty string, not as null: both are missing.
    for column in CATEGORICAL:
        customers = customers.withColumn(column, F.when(F.trim(F.col(column)) == "", None).otherwise(F.col(column)))
    medians = customers.approxQuantile(NUMERIC, [0.5], 0.001)
    fills = {column: values[0] for column, values in zip(NUMERIC, medians) if values}
    customers = customers.fillna(fills).fillna("unknown", subset=CATEGORICAL)
    return customers.withColumn("churned", F.col("churned").cast("int"))


def main():
    args = getResolvedOptions(sys.argv, ["JOB_NAME", "database", "lake_bucket"])
    glue = GlueContext(SparkContext.getOrCreate())
    job = Job(glue)
    job.init(args["JOB_NAME"], args)

    # transformation_ctx names the bookmark state: what this source has already read.
    source = glue.create_dynamic_frame.from_catalog(
        database=args["database"], table_name="customers", transformation_ctx="customers_source")
    customers = resolve_types(source).toDF()
    if customers.rdd.isEmpty():
        print("No new files under raw/customers/ since the last run: nothing to write (job bookmark).")
    else:
        cleaned = clean(customers)
        sink = glue.getSink(
            connection_type="s3", path=f"s3://{args['lake_bucket']}/{TARGET_PREFIX}",
            enableUpdateCatalog=True, updateBehavior="UPDATE_IN_DATABASE",
            partitionKeys=["region"], transformation_ctx="customers_clean_sink")
        sink.setFormat("glueparquet", compression="snappy")
        sink.setCatalogInfo(catalogDatabase=args["database"], catalogTableName=TARGET_TABLE)
        sink.writeFrame(DynamicFrame.fromDF(cleaned, glue, TARGET_TABLE))
        print(f"Wrote {cleaned.count()} cleaned rows to {TARGET_PREFIX} (table {TARGET_TABLE}).")
    job.commit()


if __name__ == "__main__":
    main()

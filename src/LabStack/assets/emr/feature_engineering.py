"""Spark exercise of the ML study lab: feature engineering on the sample customers dataset.

Reads raw/customers/ from the lake, imputes missing values (median), one-hot encodes the categorical columns,
scales the numeric ones, reduces them with PCA, writes Parquet to curated/customer-features/ and registers the
table <database>.customer_features in the Glue Data Catalog, so Athena can query Spark's output.

The imputer, scaler and PCA are fitted on all rows: fine for exploring and for a feature table, but leakage (notebook 1)
if a model is then trained and evaluated on these features: for that, split first and fit on the training rows only.

spark-submit feature_engineering.py --lake-bucket <bucket> --database <glue database>
"""
import argparse

from pyspark.ml import Pipeline
from pyspark.ml.feature import PCA, Imputer, OneHotEncoder, StandardScaler, StringIndexer, VectorAssembler
from pyspark.ml.functions import vector_to_array
from pyspark.sql import SparkSession
from pyspark.sql import functions as F

NUMERIC = ["age", "tenure_months", "monthly_charges", "total_charges", "support_calls", "data_usage_gb"]
CATEGORICAL = ["contract_type", "payment_method", "region", "has_partner"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lake-bucket", required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--pca-components", type=int, default=3)
    args = parser.parse_args()

    spark = SparkSession.builder.appName("lab-feature-engineering").enableHiveSupport().getOrCreate()
    customers = (spark.read.option("header", True).option("inferSchema", True)
                 .csv(f"s3://{args.lake_bucket}/raw/customers/"))
    # A missing category becomes its own level rather than a dropped row.
    customers = customers.fillna("unknown", subset=CATEGORICAL)
    for column in NUMERIC:
        customers = customers.withColumn(column, F.col(column).cast("double"))

    imputed = [f"{c}_imputed" for c in NUMERIC]
    indexed = [f"{c}_index" for c in CATEGORICAL]
    encoded = [f"{c}_onehot" for c in CATEGORICAL]
    pipeline = Pipeline(stages=[
        Imputer(inputCols=NUMERIC, outputCols=imputed, strategy="median"),
        StringIndexer(inputCols=CATEGORICAL, outputCols=indexed, handleInvalid="keep"),
        OneHotEncoder(inputCols=indexed, outputCols=encoded),
        VectorAssembler(inputCols=imputed, outputCol="numeric_vector"),
        StandardScaler(inputCol="numeric_vector", outputCol="numeric_scaled", withMean=True, withStd=True),
        PCA(k=args.pca_components, inputCol="numeric_scaled", outputCol="pca_vector"),
        VectorAssembler(inputCols=["numeric_scaled"] + encoded, outputCol="features_vector"),
    ])
    model = pipeline.fit(customers)
    features = model.transform(customers)

    pca = model.stages[5]
    print("PCA explained variance:", [round(v, 3) for v in pca.explainedVariance.toArray()])

    # Athena reads arrays, not Spark ML vectors.
    output = features.select(
        "customer_id",
        "churned",
        *imputed,
        *CATEGORICAL,
        vector_to_array("numeric_scaled").alias("numeric_scaled"),
        vector_to_array("pca_vector").alias("pca"),
        vector_to_array("features_vector").alias("features"),
    )
    (output.write.mode("overwrite").format("parquet")
     .option("path", f"s3://{args.lake_bucket}/curated/customer-features/")
     .saveAsTable(f"{args.database}.customer_features"))
    print(f"wrote {output.count()} rows to {args.database}.customer_features")


if __name__ == "__main__":
    main()

"""Notebook 10's AWS side in an offline run (run-offline.py --feature-group FILE): the feature group as the synthesized
template defines it, its offline store as a SQLite table, and Athena running the notebook's SQL on SQLite.

They answer as the services do, in the shapes of AWS's API models (every call and answer is recorded for the
API-model check):
- SageMaker's DescribeFeatureGroup describes the group (ResourceNotFound for any other name);
- PutRecord checks a record as Feature Store does (a ValidationError for an unknown feature, a missing identifier or
  event time, an Integral or Fractional value that is not a number, an event time that is not ISO-8601), and throttles
  every THROTTLE_EVERY-th call once (ThrottlingException), as a feature group written faster than its throughput is;
- what PutRecord received reaches the offline store (with api_invocation_time, write_time and is_deleted) only when the
  second Athena query starts: Feature Store writes the offline store in batches, minutes later;
- Athena's StartQueryExecution runs only in the lab's workgroup and database, GetQueryExecution answers RUNNING once
  and then SUCCEEDED (or FAILED with SQLite's reason), and GetQueryResults pages 1,000 rows at a time, the column
  names first, every value a string (VarCharValue) and a NULL as an empty datum, as Athena does. SQLite gets Athena's
  from_iso8601_timestamp as a function; the rest of the SQL runs as written.
"""
import sqlite3
import threading
import uuid
from datetime import datetime, timedelta, timezone

THROTTLE_EVERY = 997
PAGE_ROWS = 1000
TYPES = {"Integral": "INTEGER", "Fractional": "REAL", "String": "TEXT"}


class ClientError(Exception):
    """botocore's ClientError, as a client's `exceptions.ClientError` is."""

    def __init__(self, code, message, operation):
        super().__init__(f"An error occurred ({code}) when calling the {operation} operation: {message}")
        self.response = {"Error": {"Code": code, "Message": message}, "ResponseMetadata": {"HTTPStatusCode": 400}}


class _Exceptions:
    ClientError = ClientError


def _timestamp(moment):
    """A timestamp as Athena shows one (and as SQLite then compares them: as text)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]


def _from_iso8601(text):
    return _timestamp(datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ"))


class OfflineFeatureStore:
    def __init__(self, group, database, workgroup, bucket):
        self.group, self.database, self.workgroup, self.bucket = group, database, workgroup, bucket
        self.types = {f["FeatureName"]: f["FeatureType"] for f in group["FeatureDefinitions"]}
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute(f"ATTACH DATABASE ':memory:' AS {database}")
        self.db.create_function("from_iso8601_timestamp", 1, _from_iso8601, deterministic=True)
        columns = [f'"{name}" {TYPES[kind]}' for name, kind in self.types.items()]
        columns += ["write_time TEXT", "api_invocation_time TEXT", "is_deleted INTEGER"]
        self.db.execute(f'CREATE TABLE {database}."{group["TableName"]}" ({", ".join(columns)})')
        self.lock = threading.Lock()
        self.pending, self.queries, self.calls = [], {}, []
        self.puts, self.throttled, self.started_queries = 0, 0, 0

    def _record(self, service, command, arguments, output):
        with self.lock:
            self.calls.append({"service": service, "command": command, "input": arguments, "output": output,
                               "where": "10-feature-store.ipynb (offline run)"})

    # SageMaker
    def describe_feature_group(self, FeatureGroupName):
        if FeatureGroupName != self.group["FeatureGroupName"]:
            raise ClientError("ResourceNotFound", f"Resource Not Found: Amazon SageMaker can't find a FeatureGroup with name {FeatureGroupName}", "DescribeFeatureGroup")
        prefix = f"s3://{self.bucket}/curated/feature-store/"
        output = {
            "FeatureGroupArn": f"arn:aws:sagemaker:us-east-1:123456789012:feature-group/{FeatureGroupName}",
            "FeatureGroupName": FeatureGroupName,
            "RecordIdentifierFeatureName": self.group["RecordIdentifierFeatureName"],
            "EventTimeFeatureName": self.group["EventTimeFeatureName"],
            "FeatureDefinitions": self.group["FeatureDefinitions"],
            "CreationTime": "2026-12-01T00:00:00Z",
            "OfflineStoreConfig": {
                "S3StorageConfig": {"S3Uri": prefix, "ResolvedOutputS3Uri": f"{prefix}123456789012/sagemaker/us-east-1/offline-store/{FeatureGroupName}-1764547200/data"},
                "DisableGlueTableCreation": False,
                "DataCatalogConfig": {"TableName": self.group["TableName"], "Catalog": "AwsDataCatalog", "Database": self.database},
            },
            "FeatureGroupStatus": "Created",
            "OfflineStoreStatus": {"Status": "Active"},
            "NextToken": "",
        }
        self._record("sagemaker", "DescribeFeatureGroupCommand", {"FeatureGroupName": FeatureGroupName}, output)
        return output

    # Feature Store runtime
    def put_record(self, FeatureGroupName, Record):
        with self.lock:
            self.puts += 1
            throttle = self.puts % THROTTLE_EVERY == 0
            if throttle:
                self.throttled += 1
        if throttle:
            raise ClientError("ThrottlingException", "Rate exceeded", "PutRecord")
        if FeatureGroupName != self.group["FeatureGroupName"]:
            raise ClientError("ResourceNotFound", f"Resource Not Found: {FeatureGroupName}", "PutRecord")
        values = {}
        for item in Record:
            name, text = item["FeatureName"], item["ValueAsString"]
            kind = self.types.get(name)
            if kind is None:
                raise ClientError("ValidationError", f"Feature {name} is not a feature of {FeatureGroupName}", "PutRecord")
            try:
                values[name] = int(text) if kind == "Integral" else float(text) if kind == "Fractional" else text
            except ValueError:
                raise ClientError("ValidationError", f"Value {text!r} of {name} is not {kind}", "PutRecord") from None
        for required in (self.group["RecordIdentifierFeatureName"], self.group["EventTimeFeatureName"]):
            if required not in values:
                raise ClientError("ValidationError", f"The record has no {required}", "PutRecord")
        try:
            datetime.strptime(values[self.group["EventTimeFeatureName"]], "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            raise ClientError("ValidationError", "EventTime is not in an ISO-8601 format Feature Store accepts", "PutRecord") from None
        with self.lock:
            self.pending.append((values, _timestamp(datetime.now(timezone.utc))))
            recorded = self.puts <= 20
        if recorded:
            self._record("sagemakerfeaturestoreruntime", "PutRecordCommand", {"FeatureGroupName": FeatureGroupName, "Record": Record}, {})
        return {}

    def _write_offline_store(self):
        """What Feature Store has received, written as its batch job does, a few minutes after the calls."""
        names = list(self.types)
        table = f'{self.database}."{self.group["TableName"]}"'
        quoted = ", ".join(f'"{n}"' for n in names)
        with self.lock:
            batch, self.pending = self.pending, []
        written = _timestamp(datetime.now(timezone.utc) + timedelta(minutes=5))
        self.db.executemany(f"INSERT INTO {table} ({quoted}, write_time, api_invocation_time, is_deleted) VALUES ({', '.join('?' * (len(names) + 3))})",
                            [[values.get(n) for n in names] + [written, received, 0] for values, received in batch])

    # Athena
    def start_query_execution(self, QueryString, QueryExecutionContext, WorkGroup):
        arguments = {"QueryString": QueryString, "QueryExecutionContext": QueryExecutionContext, "WorkGroup": WorkGroup}
        if WorkGroup != self.workgroup:
            raise ClientError("InvalidRequestException", f"WorkGroup {WorkGroup} is not found.", "StartQueryExecution")
        self.started_queries += 1
        if self.started_queries >= 2:
            self._write_offline_store()
        query_id = str(uuid.uuid4())
        try:
            cursor = self.db.execute(QueryString) if QueryExecutionContext.get("Database") == self.database else None
            if cursor is None:
                raise sqlite3.OperationalError(f"Database {QueryExecutionContext.get('Database')} does not exist")
            header = [c[0] for c in cursor.description]
            rows = [header] + [["" if v is None else str(v) for v in row] for row in cursor.fetchall()]
            state, reason = "SUCCEEDED", None
        except sqlite3.Error as error:
            rows, state, reason = [], "FAILED", f"SYNTAX_ERROR: {error}"
        self.queries[query_id] = {"rows": rows, "state": state, "reason": reason, "polls": 0, "sql": QueryString}
        output = {"QueryExecutionId": query_id}
        self._record("athena", "StartQueryExecutionCommand", arguments, output)
        return output

    def get_query_execution(self, QueryExecutionId):
        query = self.queries[QueryExecutionId]
        query["polls"] += 1
        state = "RUNNING" if query["polls"] == 1 else query["state"]
        status = {"State": state}
        if state == "FAILED":
            status["StateChangeReason"] = query["reason"]
        output = {"QueryExecution": {
            "QueryExecutionId": QueryExecutionId, "Query": query["sql"], "StatementType": "DML", "WorkGroup": self.workgroup,
            "ResultConfiguration": {"OutputLocation": f"s3://offline-query-results/athena/{QueryExecutionId}.csv"},
            "QueryExecutionContext": {"Database": self.database}, "Status": status,
            "Statistics": {"DataScannedInBytes": 120 * max(len(query["rows"]) - 1, 1), "EngineExecutionTimeInMillis": 800},
        }}
        self._record("athena", "GetQueryExecutionCommand", {"QueryExecutionId": QueryExecutionId}, output)
        return output

    def stop_query_execution(self, QueryExecutionId):
        self.queries[QueryExecutionId]["state"] = "CANCELLED"
        self._record("athena", "StopQueryExecutionCommand", {"QueryExecutionId": QueryExecutionId}, {})
        return {}

    def get_query_results(self, QueryExecutionId, NextToken=None):
        query = self.queries[QueryExecutionId]
        if query["state"] != "SUCCEEDED":
            raise ClientError("InvalidRequestException", f"Query has not yet finished. Current state: {query['state']}", "GetQueryResults")
        start = int(NextToken or 0)
        page = query["rows"][start:start + PAGE_ROWS]
        output = {"ResultSet": {
            "Rows": [{"Data": [{"VarCharValue": v} if v != "" else {} for v in row]} for row in page],
            "ResultSetMetadata": {"ColumnInfo": [{"Name": name, "Type": "varchar"} for name in query["rows"][0]]},
        }, "UpdateCount": 0}
        if start + PAGE_ROWS < len(query["rows"]):
            output["NextToken"] = str(start + PAGE_ROWS)
        arguments = {"QueryExecutionId": QueryExecutionId, **({"NextToken": NextToken} if NextToken else {})}
        self._record("athena", "GetQueryResultsCommand", arguments, output)
        return output

    def client(self, service):
        """The stand-in client of `service`: only the calls notebook 10 makes (any other raises AttributeError)."""
        calls = {
            "sagemaker": {"describe_feature_group": self.describe_feature_group},
            "sagemaker-featurestore-runtime": {"put_record": self.put_record},
            "athena": {"start_query_execution": self.start_query_execution, "get_query_execution": self.get_query_execution,
                       "stop_query_execution": self.stop_query_execution, "get_paginator": self._paginator},
        }[service]
        return type(f"Offline{service.title().replace('-', '')}", (), {"exceptions": _Exceptions, **{k: staticmethod(v) for k, v in calls.items()}})()

    def _paginator(self, name):
        if name != "get_query_results":
            raise AttributeError(name)
        store = self

        class Paginator:
            def paginate(self, QueryExecutionId):
                token = None
                while True:
                    page = store.get_query_results(QueryExecutionId, token)
                    yield page
                    token = page.get("NextToken")
                    if not token:
                        return

        return Paginator()

    def report(self):
        table = f'{self.database}."{self.group["TableName"]}"'
        return {"calls": self.calls, "puts": self.puts, "throttled": self.throttled,
                "rows": self.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]}

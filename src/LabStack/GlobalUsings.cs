// The namespaces nearly every construct of the lab uses, once for the project (C# global usings) rather than at the
// top of each file. Namespaces whose type names clash with others' (Step Functions' Map, Pass, Condition; EC2; Logs)
// stay in the files that use them.
global using Amazon.CDK;
global using Amazon.CDK.AWS.IAM;
global using Amazon.CDK.AWS.S3;
global using Constructs;
global using LabStack.DataLake;
global using LabStack.Facts;
global using LabStack.Guardrails;

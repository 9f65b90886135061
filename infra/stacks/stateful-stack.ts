/**
 * Everything that holds data: the events table (the ledger itself), the read model, and the bucket
 * digests are published to. Deployed separately so the stateless stack can be replaced freely.
 */
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { Construct } from "constructs";
import { eventsTable, readModelTable } from "../../functions/adapters/dynamodb/tables.js";
import { createLedgerTable } from "../constructs/ledger-table.js";
import type { StageSettings } from "./stage.js";

export interface StatefulStackProps extends StackProps {
  readonly settings: StageSettings;
}

export class StatefulStack extends Stack {
  readonly eventsTable: dynamodb.Table;
  readonly readModelTable: dynamodb.Table;
  readonly digestBucket: s3.Bucket;
  /** Export names of the digest bucket (see DigestBucketRef in the function construct). */
  readonly digestBucketExports: { readonly name: string; readonly arn: string };

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    const { settings } = props;
    super(scope, id, { ...props, terminationProtection: settings.isProd });
    const disposable = settings.isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    // The ledger: PITR in every stage (it is the only copy of history), and retained by
    // `cdk destroy` in every stage unless a dev deployer opted out (-c ephemeral=true); prod also
    // blocks deletion. The read model can be rebuilt by replay, so dev lets it go.
    this.eventsTable = createLedgerTable(this, eventsTable, {
      removalPolicy: settings.ephemeral ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
      deletionProtection: settings.isProd,
    });
    // The read model can always be rebuilt by replay, but a rebuild of a large ledger takes time.
    this.readModelTable = createLedgerTable(this, readModelTable, {
      removalPolicy: disposable,
      deletionProtection: false,
    });

    const accessLogs = new s3.Bucket(this, "DigestAccessLogs", {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ expiration: Duration.days(settings.isProd ? 365 : 30) }],
      removalPolicy: disposable,
      autoDeleteObjects: false,
    });
    Validations.of(accessLogs).acknowledge({
      id: "AwsSolutions-S1",
      reason: "This is the server access log bucket of the digest bucket; logging it again would recurse.",
    });

    // Published digests must outlive any attempt to rewrite the ledger, including by an
    // administrator: Object Lock in COMPLIANCE mode cannot be shortened or removed by anyone.
    // RETAIN in every stage: a locked, non-empty bucket cannot be deleted by CloudFormation anyway.
    this.digestBucket = new s3.Bucket(this, "DigestBucket", {
      objectLockEnabled: true,
      objectLockDefaultRetention: s3.ObjectLockRetention.compliance(
        Duration.days(settings.digestRetentionDays),
      ),
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: "digest-bucket/",
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.digestBucketExports = {
      name: `${this.stackName}-DigestBucketName`,
      arn: `${this.stackName}-DigestBucketArn`,
    };
    new CfnOutput(this, "DigestBucketNameExport", {
      value: this.digestBucket.bucketName,
      exportName: this.digestBucketExports.name,
    });
    new CfnOutput(this, "DigestBucketArnExport", {
      value: this.digestBucket.bucketArn,
      exportName: this.digestBucketExports.arn,
    });
  }
}

/**
 * The HTTP API in front of the Hono Lambda. Routes are an allowlist: writes and audit always go
 * through the authorizer (IAM by default, JWT when context gives an issuer and audience), reads are
 * public unless `publicReads=false`, and a path or method not listed never reaches the function.
 * The authorizer's identity travels in the v2 event's requestContext.authorizer, from which the app
 * takes `recordedBy`.
 */
import { Duration, type RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as apigateway from "aws-cdk-lib/aws-apigateway";
import * as apigwv2 from "aws-cdk-lib/aws-apigatewayv2";
import * as authorizers from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import * as integrations from "aws-cdk-lib/aws-apigatewayv2-integrations";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as logs from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import type { StageSettings } from "../stacks/stage.js";

type Method = apigwv2.HttpMethod;
const { GET, POST, PUT, PATCH, DELETE, ANY } = apigwv2.HttpMethod;

/** Routes that always require auth: the writes, every audit operation, and any other write method. */
export const PROTECTED_ROUTES: ReadonlyArray<readonly [Method, string]> = [
  [POST, "/pairs"],
  [POST, "/pairs/{pairId}/events"],
  [ANY, "/audit"],
  [ANY, "/audit/{proxy+}"],
  // Catch-alls so that a write route added to the app later is never public by omission.
  [POST, "/{proxy+}"],
  [PUT, "/{proxy+}"],
  [PATCH, "/{proxy+}"],
  [DELETE, "/{proxy+}"],
];

/**
 * Reads: public by default (journalists and researchers need no account). API Gateway picks the
 * most specific route, so GET /audit/... still matches ANY /audit/{proxy+} above, not GET /{proxy+}.
 */
export const READ_ROUTES: ReadonlyArray<readonly [Method, string]> = [[GET, "/{proxy+}"]];

/**
 * The status board's paths, served by its own function (reads, so public like READ_ROUTES). A
 * page the board adds must live under one of these (test/infra/stacks.test.ts checks the board's
 * routes against them).
 */
export const BOARD_ROUTES: ReadonlyArray<readonly [Method, string]> = [
  [GET, "/"],
  [GET, "/board/{proxy+}"],
  [GET, "/export.csv"],
];

export interface LedgerApiProps {
  readonly handler: lambda.IFunction;
  /** The status board's function (BOARD_ROUTES). */
  readonly boardHandler: lambda.IFunction;
  readonly settings: StageSettings;
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

export class LedgerApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;
  readonly authorizer: apigwv2.IHttpRouteAuthorizer;
  /** Attach to the users or roles that may write (IAM mode): execute-api:Invoke on the protected routes. */
  readonly writerPolicy?: iam.ManagedPolicy;

  constructor(scope: Construct, id: string, props: LedgerApiProps) {
    super(scope, id);
    const { settings } = props;

    this.authorizer = settings.jwt
      ? new authorizers.HttpJwtAuthorizer("JwtAuthorizer", settings.jwt.issuer, {
          jwtAudience: [...settings.jwt.audience],
        })
      : new authorizers.HttpIamAuthorizer();

    this.accessLogs = new logs.LogGroup(this, "AccessLogs", {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    this.api = new apigwv2.HttpApi(this, "HttpApi", {
      description: `Sister City Ledger (${settings.stage})`,
      createDefaultStage: false,
      ...(settings.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: [...settings.corsOrigins],
              allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
              allowHeaders: [
                "authorization",
                "content-type",
                "if-match",
                "idempotency-key",
                "x-amz-date",
                "x-amz-security-token",
                "x-amz-content-sha256",
              ],
              exposeHeaders: ["etag", "location"],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    this.stage = new apigwv2.HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: { rateLimit: settings.isProd ? 100 : 20, burstLimit: settings.isProd ? 200 : 40 },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: "$context.requestId",
            time: "$context.requestTime",
            routeKey: "$context.routeKey",
            status: "$context.status",
            latencyMs: "$context.responseLatency",
            integrationStatus: "$context.integrationStatus",
            integrationError: "$context.integrationErrorMessage",
            sourceIp: "$context.identity.sourceIp",
            userAgent: "$context.identity.userAgent",
            caller: settings.jwt ? "$context.authorizer.claims.sub" : "$context.identity.userArn",
            authorizerError: "$context.authorizer.error",
          }),
        ),
      },
    });

    const integration = new integrations.HttpLambdaIntegration("Ledger", props.handler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    const none = new apigwv2.HttpNoneAuthorizer();
    for (const [method, path] of PROTECTED_ROUTES) {
      this.api.addRoutes({ path, methods: [method], integration, authorizer: this.authorizer });
    }
    const readAuthorizer = settings.publicReads ? none : this.authorizer;
    for (const [method, path] of READ_ROUTES) {
      this.api.addRoutes({ path, methods: [method], integration, authorizer: readAuthorizer });
    }
    const boardIntegration = new integrations.HttpLambdaIntegration("Board", props.boardHandler, {
      payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
    });
    for (const [method, path] of BOARD_ROUTES) {
      this.api.addRoutes({
        path,
        methods: [method],
        integration: boardIntegration,
        authorizer: readAuthorizer,
      });
    }
    if (settings.publicReads) {
      Validations.of(this.api).acknowledge(
        {
          id: "AwsSolutions-APIG4",
          reason:
            "GET routes are public by design (context publicReads=true): the ledger is a public record; every write and /audit route has an authorizer.",
        },
        {
          id: "AwsSolutions-COG4",
          reason:
            "Auth is IAM (SigV4) or a JWT authorizer chosen by context, not Cognito; public GET routes are intended.",
        },
      );
    } else {
      Validations.of(this.api).acknowledge({
        id: "AwsSolutions-COG4",
        reason: "Every route has an IAM or JWT authorizer; Cognito user pools are not used.",
      });
    }

    if (!settings.jwt) {
      // What an operator attaches to a writer's role or user: invoke the protected routes only.
      this.writerPolicy = new iam.ManagedPolicy(this, "WriterPolicy", {
        description: "Call the Sister City Ledger write and audit routes (SigV4)",
        statements: [
          new iam.PolicyStatement({
            actions: ["execute-api:Invoke"],
            resources: [
              this.api.arnForExecuteApi("POST", "/pairs", "$default"),
              this.api.arnForExecuteApi("POST", "/pairs/*/events", "$default"),
              this.api.arnForExecuteApi("*", "/audit", "$default"),
              this.api.arnForExecuteApi("*", "/audit/*", "$default"),
              ...(settings.publicReads ? [] : [this.api.arnForExecuteApi("GET", "/*", "$default")]),
            ],
          }),
        ],
      });
      // cdk-nag renders the API id as <LogicalId> in the finding it reports for each wildcard ARN.
      const apiId = Stack.of(this).getLogicalId(this.api.node.defaultChild as apigwv2.CfnApi);
      const prefix = `arn:<AWS::Partition>:execute-api:<AWS::Region>:<AWS::AccountId>:<${apiId}>/$default`;
      const wildcards = [
        "POST/pairs/*/events",
        "*/audit",
        "*/audit/*",
        ...(settings.publicReads ? [] : ["GET/*"]),
      ];
      for (const path of wildcards) {
        Validations.of(this.writerPolicy).acknowledge({
          id: `AwsSolutions-IAM5[Resource::${prefix}/${path}]`,
          reason:
            "Route ARNs: a path parameter ({pairId}) or a greedy path (/audit/{proxy+}) is a wildcard in execute-api ARNs.",
        });
      }
    }
  }
}

/** CDK entry point (cdk.json `app`): `npx cdk synth|deploy --all -c stage=dev|prod`. */
import { buildApp } from "./stacks/build-app.js";

buildApp().app.synth();

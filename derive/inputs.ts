// The one place derive/ imports the config module, so a move of that module changes one path.
export type { Config, Identity, ImageCredentials, ReloaderSource, SecretsMode } from "../components/config";
export { isSecretArn } from "../components/config";

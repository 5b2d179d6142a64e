import { Settings } from "../declaration";
import { Problems } from "../problems";

/** What a cross-field rule sees: the defaulted settings and the values as the user wrote them. */
export interface RuleInput {
    s: Settings;
    /** Project keys as written (before defaults), to tell "set" from "defaulted". */
    raw: Record<string, unknown>;
    region?: string;
    stack: string;
    /**
     * Config paths (`secretValues.OPENAI_API_KEY`, `aws:region`) whose values are stored encrypted and
     * could not be decrypted: an offline plan's, where each reads as a placeholder. Empty under the Pulumi CLI.
     */
    undecrypted?: ReadonlySet<string>;
}

export type Rule = (input: RuleInput, p: Problems) => void;

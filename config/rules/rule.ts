import { Settings } from "../declaration";
import { Problems } from "../problems";

/** What a cross-field rule sees: the defaulted settings and the values as the user wrote them. */
export interface RuleInput {
    s: Settings;
    /** Project keys as written (before defaults), to tell "set" from "defaulted". */
    raw: Record<string, unknown>;
    region?: string;
    stack: string;
}

export type Rule = (input: RuleInput, p: Problems) => void;

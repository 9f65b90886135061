/** Domain errors: data, not exceptions. The HTTP layer maps each code to a status in one place. */
import type { EventType, From } from "./transitions.js";

export type DomainError =
  | { readonly code: "PAIR_NOT_FOUND"; readonly pairId: string; readonly message: string }
  | { readonly code: "PAIR_ALREADY_REGISTERED"; readonly pairId: string; readonly message: string }
  | { readonly code: "SAME_CITY"; readonly message: string }
  /** An effective date more than MAX_YEARS_AHEAD after it is recorded: a typo, not a plan. */
  | {
      readonly code: "DATE_TOO_FAR_AHEAD";
      readonly effectiveDate: string;
      readonly latest: string;
      readonly message: string;
    }
  /** A re-establishment must name the pair's own cities. */
  | { readonly code: "OTHER_CITIES"; readonly pairId: string; readonly message: string }
  | { readonly code: "UNKNOWN_ACTOR"; readonly side: string; readonly message: string }
  | {
      readonly code: "TRANSITION_FORBIDDEN";
      readonly from: From;
      readonly eventType: EventType;
      readonly rule: string;
      readonly message: string;
    }
  | {
      readonly code: "TIMELINE_CONFLICT";
      readonly conflictsWith: {
        readonly version: number;
        readonly type: EventType;
        readonly effectiveDate: string;
      };
      readonly rule: string;
      readonly message: string;
    }
  | { readonly code: "RETRACTION_INVALID"; readonly retracts: number; readonly message: string }
  | {
      readonly code: "PAIR_FULL";
      readonly pairId: string;
      readonly limit: number;
      readonly message: string;
    };

export type DomainErrorCode = DomainError["code"];

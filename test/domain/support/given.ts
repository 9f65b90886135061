/**
 * Decider specifications, Emmett's DeciderSpecification style:
 *   given(events).when(command).then(events)   the command records exactly these events
 *   given(events).when(command).then([])       a no-op: nothing recorded, no error
 *   given(events).when(command).then(error)    rejected with this error (matched partially)
 */
import { expect } from "vitest";
import {
  decide,
  evolve,
  initialState,
  type Command,
  type DomainError,
  type NewEvent,
  type PairState,
} from "../../../domain/index.js";
import { PAIR_ID, history, metaAfter, schemaVersionOf, type EventSpec } from "../../support/builders.js";

/** An error matched partially (nested objects too): its code and any fields worth checking. */
export type ExpectedError = { readonly code: DomainError["code"]; readonly [field: string]: unknown };

export interface Then {
  then(expected: readonly EventSpec[] | ExpectedError): void;
}

export interface When {
  when(command: Command): Then;
}

/** The decider state after `specs`, recorded in order on the test pair. */
export function stateOf(specs: readonly EventSpec[], pairId = PAIR_ID): PairState {
  return history(specs, pairId).reduce(evolve, initialState(pairId));
}

export function given(specs: readonly EventSpec[] = [], pairId = PAIR_ID): When {
  const state = stateOf(specs, pairId);
  return {
    when(command) {
      const meta = metaAfter(state.version);
      const result = decide(command, state, meta);
      return {
        then(expected) {
          if (Array.isArray(expected)) {
            if (!result.ok) expect.fail(`expected events, got ${result.error.code}: ${result.error.message}`);
            const events = result.value as NewEvent[];
            expect(events.map((e) => ({ type: e.type, data: e.data }))).toEqual(
              expected.map((e) => ({ type: e.type, data: e.data })),
            );
            for (const e of events) {
              expect(e).toMatchObject({ ...meta, schemaVersion: schemaVersionOf(e.type) });
            }
          } else {
            if (result.ok)
              expect.fail(
                `expected ${(expected as ExpectedError).code}, got ${result.value.length} event(s)`,
              );
            expect(result.error).toMatchObject(expected as ExpectedError);
          }
        },
      };
    },
  };
}

import {
  can,
  type Action,
  type Actor,
  type ResourceScope,
} from '../../domain/permissions/policy.js';
import { forbidden, notFound } from './errors.js';

/**
 * Checks the policy against a loaded resource. A scope refusal answers 404 (the resource does not
 * exist for this user), a role refusal 403.
 */
export function authorize(actor: Actor, action: Action, resource: ResourceScope, what?: string) {
  const decision = can(actor, action, resource);
  if (decision.allowed) return;
  throw decision.kind === 'scope' ? notFound(what) : forbidden(decision.reason);
}

/** For what belongs to the actor's own organisation as a whole (its settings, its figures). */
export function authorizeRole(actor: Actor, action: Action) {
  const decision = can(actor, action);
  if (!decision.allowed) throw forbidden(decision.reason);
}

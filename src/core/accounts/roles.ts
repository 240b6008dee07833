import { ROLES, type Role } from "./ports.js";

/** Each role can do what the roles before it can: a moderator is also a curator. */
export function hasRole(role: Role, atLeast: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(atLeast);
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

import type { StaffRole } from '../../prisma/generated/client';
import { AppError } from '../errors/app-error';
import type { Viewer } from './session-store';

export function requireViewer(viewer: Viewer | null): Viewer {
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'sign in to continue');
  return viewer;
}

export function hasRole(viewer: Viewer | null, brandId: string, roles: readonly StaffRole[]): boolean {
  const held = viewer?.roles.get(brandId);
  return Boolean(held && roles.some((role) => held.has(role)));
}

/** Staff of another brand get the same 404 as a missing brand, so brand ids cannot be probed. */
export function requireStaff(viewer: Viewer | null, brandId: string, roles: readonly StaffRole[]): Viewer {
  const signedIn = requireViewer(viewer);
  const held = signedIn.roles.get(brandId);
  if (!held) throw new AppError('NOT_FOUND', 'brand not found');
  if (!roles.some((role) => held.has(role)))
    throw new AppError('FORBIDDEN', `this needs the ${roles.join(' or ')} role`);
  return signedIn;
}

export const anyStaff: readonly StaffRole[] = ['ADMIN', 'HOST', 'MODERATOR'];
export const adminOnly: readonly StaffRole[] = ['ADMIN'];

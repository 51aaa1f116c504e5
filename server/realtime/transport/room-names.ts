// Room names in one place: a show's audience, its staff, one user's sockets within a show; beside the shows, every
// socket of one account and a brand's chat staff (conversations).
export const showRoom = (showId: string) => `show:${showId}`;
export const staffRoom = (showId: string) => `show:${showId}:staff`;
export const userRoom = (showId: string, userId: string) => `show:${showId}:user:${userId}`;
export const accountRoom = (userId: string) => `account:${userId}`;
export const brandChatRoom = (brandId: string) => `brand:${brandId}:chat`;
/** Roles that see a brand's conversations. */
export const chatRoles = ['ADMIN', 'ADVISOR'] as const;

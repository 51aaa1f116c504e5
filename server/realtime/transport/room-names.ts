// Room names in one place: a show's audience, its staff, and one user's sockets within a show.
export const showRoom = (showId: string) => `show:${showId}`;
export const staffRoom = (showId: string) => `show:${showId}:staff`;
export const userRoom = (showId: string, userId: string) => `show:${showId}:user:${userId}`;

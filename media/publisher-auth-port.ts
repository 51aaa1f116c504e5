// Implemented by the server against the database: the bearer is a show's stream key (OBS) or a
// short-lived studio token (browser studio). null means 401.
export interface PublisherAuthPort {
  authorize(bearer: string): Promise<{ showId: string; canGoLive: boolean } | null>;
}

// Answer types of the HTTP API for the web app, all derived from the routes' zod schemas (z.infer in
// server/<domain>/<domain>-schemas.ts): never copied by hand. Dates are ISO strings on both sides.
export type { PublicStock } from '../../server/catalog/public-stock';
export type { Me, Membership, StaffMember, StaffRole, User } from '../../server/accounts/account-schemas';
export type { Product } from '../../server/catalog/product-schemas';
export type {
  PublicShow,
  PublicShowDetail,
  PublicShowProduct,
  Show,
  ShowProduct,
  ShowStatus,
} from '../../server/shows/show-schemas';
export type { Upload } from '../../server/storage/storage-schemas';
export type { Page } from '../../server/http/route-schemas';

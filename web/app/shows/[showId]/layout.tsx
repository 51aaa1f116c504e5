// The show page plus a `sheet` slot: an order opened from the show (the checkout's "View order") is intercepted
// into a sheet over it, so the show keeps playing (in the mini-player on a phone). Opened directly, /orders/… is the
// ordinary order page.
export default function ShowLayout({ children, sheet }: { children: React.ReactNode; sheet: React.ReactNode }) {
  return (
    <>
      {children}
      {sheet}
    </>
  );
}

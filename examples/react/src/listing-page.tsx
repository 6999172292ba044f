// A listing page of a React marketplace: the Parley elements used as plain JSX (React 19 needs no wrapper).
import '@parley/widget/react';
import { useState } from 'react';

const listing = { id: 'bike_1', title: 'Vintage road bike', price: '120 €', seller: 'bob' };

/** One listing with its "contact the seller" button, the unread bubble and the chat. */
export function ListingPage() {
  const [unread, setUnread] = useState(0);
  return (
    <main>
      <h1>{listing.title}</h1>
      <p>{listing.price}</p>
      <parley-contact-seller
        seller={listing.seller}
        listing={listing.id}
        listing-title={listing.title}
        listing-price={listing.price}
      >
        Ask the seller
      </parley-contact-seller>
      <p id="unread">{unread} unread</p>
      <parley-unread-bubble position="bottom-left" />
      {/* React 19 listens to custom events by their own name after `on`. */}
      <parley-chat onparley-unread-change={(event) => setUnread(event.detail.total)} />
    </main>
  );
}

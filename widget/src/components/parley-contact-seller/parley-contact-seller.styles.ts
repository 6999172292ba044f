// Styles of <parley-contact-seller>: a primary button that fits in a listing page.
import { css } from 'lit';
import { sharedStyles, themeStyles } from '../base/shared.styles.ts';

export const contactStyles = [
  themeStyles,
  sharedStyles,
  css`
    :host {
      display: inline-block;
    }
    /* Sizes on the button, not the host: a page rule such as * { font-size: 40px !important } reaches the host. */
    .contact {
      font-family: var(--_font);
      font-size: 15px;
      line-height: 1.4;
      display: inline-flex;
      align-items: center;
      gap: 8px;
      padding: 10px 18px;
      border: 0;
      border-radius: var(--_radius);
      background: var(--_primary);
      color: var(--_on-primary);
      font-weight: 600;
    }
    .contact .icon {
      width: 18px;
      height: 18px;
    }
    .contact[aria-busy='true'] {
      opacity: 0.7;
    }
  `,
];

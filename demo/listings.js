// The demo marketplace's listings: sellers are bob and carol; photos are local SVG drawings.

/** @typedef {{id: string, seller: string, title: {en: string, fr: string}, price: string, image: string, city: string, description: {en: string, fr: string}}} Listing */

/** @type {Listing[]} */
export const LISTINGS = [
  {
    id: 'ad_bike',
    seller: 'bob',
    title: { en: 'City bike, 7 gears', fr: 'Vélo de ville, 7 vitesses' },
    price: '180 €',
    image: '/img/bike.svg',
    city: 'Lyon',
    description: {
      en: 'Steel frame, new tyres, lights and a rear rack. Serviced last month.',
      fr: 'Cadre acier, pneus neufs, éclairage et porte-bagages. Révisé le mois dernier.',
    },
  },
  {
    id: 'ad_phone',
    seller: 'carol',
    title: { en: 'iPhone 14 Pro, 128 GB', fr: 'iPhone 14 Pro, 128 Go' },
    price: '650 €',
    image: '/img/phone.svg',
    city: 'Paris',
    description: {
      en: 'Deep purple, battery at 91 %, always in a case. Box and cable included.',
      fr: 'Violet intense, batterie à 91 %, toujours dans une coque. Boîte et câble fournis.',
    },
  },
  {
    id: 'ad_sofa',
    seller: 'bob',
    title: { en: 'Three-seat linen sofa', fr: 'Canapé trois places en lin' },
    price: '320 €',
    image: '/img/sofa.svg',
    city: 'Lyon',
    description: {
      en: 'Washable covers, no pets, no smoke. Pick-up only.',
      fr: 'Housses lavables, sans animaux, non fumeur. À retirer sur place.',
    },
  },
  {
    id: 'ad_lamp',
    seller: 'carol',
    title: { en: 'Vintage desk lamp', fr: 'Lampe de bureau vintage' },
    price: '35 €',
    image: '/img/lamp.svg',
    city: 'Paris',
    description: {
      en: 'Articulated arm, rewired, takes an E27 bulb.',
      fr: 'Bras articulé, recâblée, ampoule E27.',
    },
  },
  {
    id: 'ad_camera',
    seller: 'carol',
    title: { en: 'Film camera with 50 mm lens', fr: 'Appareil argentique avec objectif 50 mm' },
    price: '140 €',
    image: '/img/camera.svg',
    city: 'Nantes',
    description: {
      en: 'Light meter works, shutter tested at every speed.',
      fr: 'Posemètre fonctionnel, obturateur testé à toutes les vitesses.',
    },
  },
  {
    id: 'ad_guitar',
    seller: 'bob',
    title: { en: 'Acoustic guitar and case', fr: 'Guitare acoustique et étui' },
    price: '210 €',
    image: '/img/guitar.svg',
    city: 'Lyon',
    description: {
      en: 'Solid spruce top, low action, new strings.',
      fr: 'Table en épicéa massif, action basse, cordes neuves.',
    },
  },
];

/** @param {string} id */
export function findListing(id) {
  return LISTINGS.find((l) => l.id === id) ?? null;
}

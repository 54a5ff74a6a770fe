// Default buyers and delivery addresses for simulated checkouts that name none: fictitious people at
// plausible addresses per country (phone numbers from the reserved 555-01xx range), rotated so bulk
// orders vary.
import type { Address } from '../orders/orderTypes.ts';

interface Person {
  name: string;
  address: Omit<Address, 'name'>;
}

const PEOPLE: Record<string, Person[]> = {
  US: [
    {
      name: 'Jane Doe',
      address: {
        addressLine1: '410 Terry Ave N',
        city: 'Seattle',
        stateOrRegion: 'WA',
        postalCode: '98109',
        phone: '+1 206-555-0100',
      },
    },
    {
      name: 'Carlos Rivera',
      address: {
        addressLine1: '1200 Congress Ave',
        addressLine2: 'Apt 4B',
        city: 'Austin',
        stateOrRegion: 'TX',
        postalCode: '78701',
        phone: '+1 512-555-0134',
      },
    },
    {
      name: 'Mei Chen',
      address: {
        addressLine1: '88 Bleecker St',
        city: 'New York',
        stateOrRegion: 'NY',
        postalCode: '10012',
        phone: '+1 212-555-0187',
      },
    },
    {
      name: 'Samuel Okafor',
      address: {
        addressLine1: '233 S Wacker Dr',
        addressLine2: 'Floor 12',
        city: 'Chicago',
        stateOrRegion: 'IL',
        postalCode: '60606',
        phone: '+1 312-555-0142',
      },
    },
  ],
  CA: [
    {
      name: 'Jean Tremblay',
      address: {
        addressLine1: '100 Queen St W',
        city: 'Toronto',
        stateOrRegion: 'ON',
        postalCode: 'M5H 2N2',
        phone: '+1 416-555-0161',
      },
    },
    {
      name: 'Amélie Gagnon',
      address: {
        addressLine1: '1250 Rue Peel',
        city: 'Montréal',
        stateOrRegion: 'QC',
        postalCode: 'H3B 4W8',
        phone: '+1 514-555-0118',
      },
    },
  ],
};

export function demoPerson(countryCode: string, index: number): { name: string; address: Address } {
  const people = PEOPLE[countryCode] ?? PEOPLE.US!;
  const person = people[index % people.length]!;
  return {
    name: person.name,
    address: { name: person.name, ...person.address, countryCode, addressType: 'RESIDENTIAL' },
  };
}

/** Amazon relays buyer mail through an anonymised address of the marketplace's domain. */
export function relayEmail(marketplaceName: string, seq: number): string {
  const domain = `marketplace.${marketplaceName.toLowerCase()}`;
  return `${(seq * 2654435761).toString(36).slice(-10)}${seq}@${domain}`;
}

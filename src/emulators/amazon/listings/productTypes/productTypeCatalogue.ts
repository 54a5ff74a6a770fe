// The product types the emulator's Product Type Definitions API knows: those of the demo catalogue's items
// and a few more (a hoodie's, Amazon's root `PRODUCT`), each with what makes it differ from the others —
// its search keywords, the variation themes it allows (and which of them Amazon has retired), the values
// of `condition_type` it accepts and the product facts it requires beyond the common ones. The schema
// documents themselves are built from these in schemaDocument.ts, in the structure of Amazon's own.

export interface ProductTypeSpec {
  name: string;
  displayName: string;
  /** Words searchDefinitionsProductTypes matches (keywords and itemName). */
  keywords: string[];
  /** Allowed `variation_theme.name` values; none = the type has no variation families. */
  variationThemes?: string[];
  /** Themes still in the enum but retired (`$lifecycle.enumDeprecated`). */
  deprecatedThemes?: string[];
  conditionTypes: string[];
  /** Product facts required beyond the common ones (LISTING and LISTING_PRODUCT_ONLY). */
  extraRequired?: string[];
  /**
   * Amazon's root type: it exists for offers on ASINs of types the Listings API does not support, and
   * creating products with it is refused (4000004).
   */
  offerOnly?: boolean;
}

const NEW_ONLY = ['new_new'];
const ELECTRONICS_CONDITIONS = [
  'new_new',
  'new_open_box',
  'refurbished_refurbished',
  'used_like_new',
  'used_good',
];

export const PRODUCT_TYPES: readonly ProductTypeSpec[] = [
  {
    name: 'PRODUCT',
    displayName: 'Product',
    keywords: ['product'],
    conditionTypes: ELECTRONICS_CONDITIONS,
    offerOnly: true,
  },
  {
    name: 'HEADPHONES',
    displayName: 'Headphones',
    keywords: ['headphones', 'headset', 'earphones', 'wireless'],
    conditionTypes: ELECTRONICS_CONDITIONS,
  },
  {
    name: 'SPEAKERS',
    displayName: 'Speakers',
    keywords: ['speaker', 'speakers', 'bluetooth', 'audio'],
    conditionTypes: ELECTRONICS_CONDITIONS,
  },
  {
    name: 'CHARGING_ADAPTER',
    displayName: 'Charging Adapter',
    keywords: ['charger', 'charging', 'adapter', 'usb'],
    conditionTypes: ELECTRONICS_CONDITIONS,
  },
  {
    name: 'COMPUTER_STAND',
    displayName: 'Computer Stand',
    keywords: ['stand', 'laptop', 'desk'],
    conditionTypes: NEW_ONLY,
  },
  {
    name: 'ELECTRONIC_CABLE',
    displayName: 'Electronic Cable',
    keywords: ['cable', 'hdmi', 'cord'],
    conditionTypes: NEW_ONLY,
  },
  {
    name: 'KEYBOARDS',
    displayName: 'Keyboards',
    keywords: ['keyboard', 'mechanical', 'keys'],
    conditionTypes: ELECTRONICS_CONDITIONS,
  },
  {
    name: 'WALLET',
    displayName: 'Wallet',
    keywords: ['wallet', 'card holder', 'gift card'],
    conditionTypes: NEW_ONLY,
  },
  {
    name: 'WEBCAM',
    displayName: 'Webcam',
    keywords: ['webcam', 'camera', 'video'],
    conditionTypes: ELECTRONICS_CONDITIONS,
  },
  {
    name: 'SHIRT',
    displayName: 'Shirt',
    keywords: ['shirt', 't-shirt', 'tee', 'organic'],
    variationThemes: [
      'SIZE_NAME/COLOR_NAME',
      'COLOR_NAME/SIZE_NAME',
      'SIZE_NAME',
      'COLOR_NAME',
      'SIZE/COLOR',
    ],
    deprecatedThemes: ['SIZE/COLOR'],
    conditionTypes: NEW_ONLY,
    extraRequired: ['department'],
  },
  {
    name: 'SWEATSHIRT',
    displayName: 'Sweatshirt',
    keywords: ['sweatshirt', 'hoodie', 'hooded', 'pullover'],
    variationThemes: ['SIZE_NAME/COLOR_NAME', 'COLOR_NAME/SIZE_NAME', 'SIZE_NAME', 'COLOR_NAME'],
    conditionTypes: NEW_ONLY,
    extraRequired: ['department'],
  },
  {
    name: 'OFFICE_PRODUCTS',
    displayName: 'Office Products',
    keywords: ['office', 'bundle', 'set'],
    conditionTypes: NEW_ONLY,
  },
];

export function productTypeSpec(name: string): ProductTypeSpec | undefined {
  return PRODUCT_TYPES.find((t) => t.name === name);
}

/** The attributes a variation theme makes required on children (`SIZE_NAME/COLOR_NAME` → size, color). */
export function themeAttributes(theme: string): string[] {
  return theme
    .split('/')
    .map((part) => part.replace(/_NAME$/, '').toLowerCase())
    .filter((a) => a.length > 0);
}

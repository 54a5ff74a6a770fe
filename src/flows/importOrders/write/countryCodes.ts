/**
 * ISO 3166-1 alpha-2 (what Amazon sends in addresses) → F&O country/region id (`…CountryRegionId`).
 * F&O's standard country/region ids are the ISO alpha-3 codes (USA, DEU, GBR): the address fields of
 * customers and sales orders take those (`DeliveryAddressCountryRegionId` is the field real integrations
 * post); the alpha-2 form is in the `…ISOCode` fields, which F&O derives — whether it accepts one on a
 * write is unconfirmed. Shared by the sales-order rows and the customer rows. A company that renamed its
 * country ids (rare) would need a mapping table instead.
 */

/** Every officially assigned ISO 3166-1 code, packed as alpha-2 + alpha-3 (from Debian's iso-codes). */
const PACKED = [
  'ADAND AEARE AFAFG AGATG AIAIA ALALB AMARM AOAGO AQATA ARARG ASASM ATAUT AUAUS AWABW AXALA AZAZE',
  'BABIH BBBRB BDBGD BEBEL BFBFA BGBGR BHBHR BIBDI BJBEN BLBLM BMBMU BNBRN BOBOL BQBES BRBRA BSBHS',
  'BTBTN BVBVT BWBWA BYBLR BZBLZ CACAN CCCCK CDCOD CFCAF CGCOG CHCHE CICIV CKCOK CLCHL CMCMR CNCHN',
  'COCOL CRCRI CUCUB CVCPV CWCUW CXCXR CYCYP CZCZE DEDEU DJDJI DKDNK DMDMA DODOM DZDZA ECECU EEEST',
  'EGEGY EHESH ERERI ESESP ETETH FIFIN FJFJI FKFLK FMFSM FOFRO FRFRA GAGAB GBGBR GDGRD GEGEO GFGUF',
  'GGGGY GHGHA GIGIB GLGRL GMGMB GNGIN GPGLP GQGNQ GRGRC GSSGS GTGTM GUGUM GWGNB GYGUY HKHKG HMHMD',
  'HNHND HRHRV HTHTI HUHUN IDIDN IEIRL ILISR IMIMN ININD IOIOT IQIRQ IRIRN ISISL ITITA JEJEY JMJAM',
  'JOJOR JPJPN KEKEN KGKGZ KHKHM KIKIR KMCOM KNKNA KPPRK KRKOR KWKWT KYCYM KZKAZ LALAO LBLBN LCLCA',
  'LILIE LKLKA LRLBR LSLSO LTLTU LULUX LVLVA LYLBY MAMAR MCMCO MDMDA MEMNE MFMAF MGMDG MHMHL MKMKD',
  'MLMLI MMMMR MNMNG MOMAC MPMNP MQMTQ MRMRT MSMSR MTMLT MUMUS MVMDV MWMWI MXMEX MYMYS MZMOZ NANAM',
  'NCNCL NENER NFNFK NGNGA NINIC NLNLD NONOR NPNPL NRNRU NUNIU NZNZL OMOMN PAPAN PEPER PFPYF PGPNG',
  'PHPHL PKPAK PLPOL PMSPM PNPCN PRPRI PSPSE PTPRT PWPLW PYPRY QAQAT REREU ROROU RSSRB RURUS RWRWA',
  'SASAU SBSLB SCSYC SDSDN SESWE SGSGP SHSHN SISVN SJSJM SKSVK SLSLE SMSMR SNSEN SOSOM SRSUR SSSSD',
  'STSTP SVSLV SXSXM SYSYR SZSWZ TCTCA TDTCD TFATF TGTGO THTHA TJTJK TKTKL TLTLS TMTKM TNTUN TOTON',
  'TRTUR TTTTO TVTUV TWTWN TZTZA UAUKR UGUGA UMUMI USUSA UYURY UZUZB VAVAT VCVCT VEVEN VGVGB VIVIR',
  'VNVNM VUVUT WFWLF WSWSM YEYEM YTMYT ZAZAF ZMZMB ZWZWE',
].join(' ');

const ALPHA3 = new Map(PACKED.split(' ').map((pair) => [pair.slice(0, 2), pair.slice(2)]));

/** Amazon and some feeds write the United Kingdom as UK (an exceptionally reserved code, not GB). */
const ALIASES: Record<string, string> = { UK: 'GB' };

/** The F&O country/region id for an ISO alpha-2 code (any case); undefined for an unknown code. */
export function countryRegionId(iso2: string): string | undefined {
  const code = iso2.trim().toUpperCase();
  return ALPHA3.get(ALIASES[code] ?? code);
}

/** F&O's state id holds 10 characters and is checked against its state table by id. */
const STATE_ID_MAX = 10;

/**
 * Amazon's `stateOrRegion` as an F&O state id: code-like values (US "WA", CA "ON") upper-cased; a free
 * text region ("Greater London", "Bayern" spelled out) is no state id and is left out rather than refused.
 */
export function stateIdOf(stateOrRegion: string | undefined): string | undefined {
  const state = stateOrRegion?.trim().toUpperCase();
  return state && state.length <= STATE_ID_MAX && !/\s/.test(state) ? state : undefined;
}

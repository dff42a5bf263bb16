/**
 * Synthetic demo tenders, shaped like real light-touch-regime notices on Contracts Finder, each built to
 * exercise one part of the engine (complementarity across lots, a turnover threshold consortia must meet
 * together, a mutuals-reserved contract, a short deadline, a regional footprint, Greater Manchester's real
 * register data). Buyers are real public bodies; titles, values, dates and lots are invented, and each tender's
 * `source` says so (synthetic). The demo's real notices are imported from data/registers and data/demo/notices
 * (./dataset.ts).
 */
import type { Tender } from '../tenders/schema.ts';
import { DEVON_DISTRICTS, GREATER_MANCHESTER } from './cases.ts';
import { SYNTHETIC } from './provenance.ts';

const KENT_DISTRICTS = [
  'E07000105',
  'E07000106',
  'E07000107',
  'E07000108',
  'E07000109',
  'E07000110',
  'E07000111',
  'E07000112',
  'E07000113',
  'E07000114',
  'E07000115',
  'E07000116',
];
const WEST_YORKSHIRE = ['E08000032', 'E08000033', 'E08000034', 'E08000035', 'E08000036'];
const SUFFOLK = ['E07000200', 'E07000202', 'E07000203', 'E07000244', 'E07000245'];
const BNSSG = ['E06000023', 'E06000024', 'E06000025'];
const EAST_MIDLANDS = 'E12000004';

export const DEMO_TENDER_IDS = {
  devonAdultSocialCare: 'CNS-TENDER-0001',
  greaterManchesterIntegrated: 'CNS-TENDER-0002',
  kentChildrensServices: 'CNS-TENDER-0003',
  devonYouthReserved: 'CNS-TENDER-0004',
  westYorkshireDomesticAbuse: 'CNS-TENDER-0005',
  eastMidlandsEmployment: 'CNS-TENDER-0006',
  bristolMentalHealthAlliance: 'CNS-TENDER-0007',
  suffolkLibrariesLeisure: 'CNS-TENDER-0008',
  traffordOldhamAdultSupport: 'CNS-TENDER-0009',
} as const;

const TRAFFORD = 'E08000009';
const OLDHAM = 'E08000004';

/** The synthetic demo tenders, schema-shaped (defaults present), each marked synthetic. */
export function demoTenders(): Tender[] {
  return syntheticTenders().map((t) => ({ ...t, source: SYNTHETIC }));
}

function syntheticTenders(): Tender[] {
  return [
    {
      id: DEMO_TENDER_IDS.devonAdultSocialCare,
      title: 'Devon Community Support: adult social care at home',
      description:
        'Home care, reablement and supported living for adults across the Devon County Council area, with carers’ support. Five years from October 2026 with an option to extend by two. Consortia and prime-and-subcontractor bids are welcome; providers rooted in Devon’s rural districts are encouraged to apply.',
      buyer: { id: 'GB-LAE-DEV', name: 'Devon County Council' },
      cpvCodes: ['85312400', '85311100', '85311200'],
      lots: [
        { id: '1', title: 'Home care and reablement', cpvCodes: ['85312400', '85311100'], valueGbp: 28_000_000 },
        {
          id: '2',
          title: 'Supported living for adults with learning disabilities',
          cpvCodes: ['85311200', '85312400'],
          valueGbp: 16_000_000,
        },
        { id: '3', title: 'Carers’ support', cpvCodes: ['85312310', '85312400'], valueGbp: 4_000_000 },
      ],
      deliveryAreas: [...DEVON_DISTRICTS],
      valueGbp: 48_000_000,
      submissionDeadline: '2027-03-16T12:00:00Z',
      contractStart: '2027-10-01T00:00:00+01:00',
      contractEnd: '2032-09-30T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.1,
    },
    {
      id: DEMO_TENDER_IDS.greaterManchesterIntegrated,
      title: 'Greater Manchester integrated community wellbeing pathway',
      description:
        'One integrated pathway joining community health and mental health, adult social care and housing-related support, commissioned together for the first time. Bidders must show a combined annual turnover of at least £30m. Invitation to tender to submission is one month.',
      buyer: { id: 'GB-NHS-QOP', name: 'NHS Greater Manchester Integrated Care Board' },
      cpvCodes: [],
      lots: [
        { id: '1', title: 'Community health and mental health', cpvCodes: ['85323000', '85121270', '85141200'], valueGbp: 30_000_000 },
        { id: '2', title: 'Adult social care and reablement', cpvCodes: ['85312400', '85311000'], valueGbp: 18_000_000 },
        { id: '3', title: 'Housing-related support', cpvCodes: ['75123000', '98341000', '85311000'], valueGbp: 12_000_000 },
      ],
      deliveryAreas: [...GREATER_MANCHESTER],
      valueGbp: 60_000_000,
      minimumTurnoverGbp: 30_000_000,
      submissionDeadline: '2027-02-27T12:00:00Z',
      contractStart: '2027-07-01T00:00:00+01:00',
      contractEnd: '2032-06-30T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: false,
      socialValueWeight: 0.15,
    },
    {
      id: DEMO_TENDER_IDS.kentChildrensServices,
      title: 'Kent children’s early help and family support',
      description:
        'Early help, family support, counselling for children and young people and early years provision across Kent. Bidders (or consortia, combined) must have an annual turnover of at least £20m.',
      buyer: { id: 'GB-LAE-KEN', name: 'Kent County Council' },
      cpvCodes: ['85311300', '85312300'],
      lots: [
        { id: '1', title: 'Early help and family support', cpvCodes: ['85311300', '85312300'], valueGbp: 22_000_000 },
        { id: '2', title: 'Counselling for children and young people', cpvCodes: ['85312320'], valueGbp: 8_000_000 },
        { id: '3', title: 'Early years places', cpvCodes: ['85312110', '80110000'], valueGbp: 6_000_000 },
      ],
      deliveryAreas: KENT_DISTRICTS,
      valueGbp: 36_000_000,
      minimumTurnoverGbp: 20_000_000,
      submissionDeadline: '2027-04-20T12:00:00+01:00',
      contractStart: '2027-11-01T00:00:00Z',
      contractEnd: '2031-10-31T23:59:59Z',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.1,
    },
    {
      id: DEMO_TENDER_IDS.devonYouthReserved,
      title: 'Devon youth service (reserved contract for mutuals)',
      description:
        'Open-access and targeted youth work across Devon. Reserved under regulation 77 of the Public Contracts Regulations 2015 for organisations with a public service mission that reinvest profits and are owned or led by their employees; one award of up to three years.',
      buyer: { id: 'GB-LAE-DEV', name: 'Devon County Council' },
      cpvCodes: ['98133110', '85311300', '85312320'],
      lots: [],
      deliveryAreas: [...DEVON_DISTRICTS],
      valueGbp: 9_000_000,
      submissionDeadline: '2027-05-11T12:00:00+01:00',
      contractStart: '2027-09-01T00:00:00+01:00',
      contractEnd: '2030-08-31T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: true,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.2,
    },
    {
      id: DEMO_TENDER_IDS.westYorkshireDomesticAbuse,
      title: 'West Yorkshire domestic abuse support services',
      description:
        'Refuge accommodation, community-based IDVA and outreach, and therapeutic counselling for adult and child survivors, commissioned jointly by the five West Yorkshire authorities with Leeds as lead.',
      buyer: { id: 'GB-LAE-LDS', name: 'Leeds City Council' },
      cpvCodes: [],
      lots: [
        { id: '1', title: 'Refuge accommodation', cpvCodes: ['85311000', '85312300'], valueGbp: 6_000_000 },
        { id: '2', title: 'Community IDVA and outreach', cpvCodes: ['85312300', '85312310'], valueGbp: 5_000_000 },
        { id: '3', title: 'Therapeutic counselling', cpvCodes: ['85312320'], valueGbp: 3_000_000 },
      ],
      deliveryAreas: WEST_YORKSHIRE,
      valueGbp: 14_000_000,
      submissionDeadline: '2027-03-30T12:00:00+01:00',
      contractStart: '2027-10-01T00:00:00+01:00',
      contractEnd: '2030-09-30T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.15,
    },
    {
      id: DEMO_TENDER_IDS.eastMidlandsEmployment,
      title: 'East Midlands employment support for people with health conditions',
      description:
        'Supported employment, vocational rehabilitation and careers guidance for people out of work with a health condition or disability, across the East Midlands region in two lots.',
      buyer: { name: 'East Midlands Combined County Authority' },
      cpvCodes: ['79611000', '85312510'],
      lots: [
        { id: '1', title: 'Derby and Derbyshire', cpvCodes: ['79611000', '85312510', '79634000'], valueGbp: 11_000_000 },
        { id: '2', title: 'Nottingham and Nottinghamshire', cpvCodes: ['79611000', '85312510', '80530000'], valueGbp: 11_000_000 },
      ],
      deliveryAreas: [EAST_MIDLANDS],
      valueGbp: 22_000_000,
      minimumTurnoverGbp: 5_000_000,
      submissionDeadline: '2027-06-01T12:00:00+01:00',
      contractStart: '2028-01-04T00:00:00Z',
      contractEnd: '2031-12-31T23:59:59Z',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.1,
    },
    {
      id: DEMO_TENDER_IDS.bristolMentalHealthAlliance,
      title: 'Bristol, North Somerset and South Gloucestershire community mental health alliance',
      description:
        'Community mental health, counselling and recovery services delivered by an alliance of providers, each contracting with the ICB under shared outcomes and shared risk.',
      buyer: { id: 'GB-NHS-QUY', name: 'NHS Bristol, North Somerset and South Gloucestershire Integrated Care Board' },
      cpvCodes: ['85121270', '85323000', '85312320', '85312500'],
      lots: [],
      deliveryAreas: BNSSG,
      valueGbp: 18_000_000,
      submissionDeadline: '2027-04-06T12:00:00+01:00',
      contractStart: '2027-10-01T00:00:00+01:00',
      contractEnd: '2032-09-30T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.1,
    },
    {
      id: DEMO_TENDER_IDS.suffolkLibrariesLeisure,
      title: 'Suffolk libraries, culture and leisure services',
      description: 'Operation of the county library service and of leisure centres in two lots; staff transfer under TUPE.',
      buyer: { id: 'GB-LAE-SFK', name: 'Suffolk County Council' },
      cpvCodes: [],
      lots: [
        { id: '1', title: 'Library service', cpvCodes: ['92511000', '92500000'], valueGbp: 15_000_000 },
        { id: '2', title: 'Leisure centres', cpvCodes: ['92610000', '92600000'], valueGbp: 10_000_000 },
      ],
      deliveryAreas: SUFFOLK,
      valueGbp: 25_000_000,
      submissionDeadline: '2027-07-06T12:00:00+01:00',
      contractStart: '2028-04-01T00:00:00+01:00',
      contractEnd: '2033-03-31T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.1,
    },
    {
      id: DEMO_TENDER_IDS.traffordOldhamAdultSupport,
      title: 'Trafford and Oldham community support for older and disabled adults',
      description:
        'Home care, supported living and residential care for older and disabled adults in Trafford and Oldham, with counselling and carers’ support, commissioned across the two places within the Greater Manchester integrated care system. Consortia of local providers are welcome; the commissioner wants providers already registered and working in both places.',
      buyer: { id: 'GB-NHS-QOP', name: 'NHS Greater Manchester Integrated Care Board' },
      cpvCodes: [],
      lots: [
        { id: '1', title: 'Home care and reablement', cpvCodes: ['85312400', '85311100'], valueGbp: 7_000_000 },
        { id: '2', title: 'Supported living and residential care', cpvCodes: ['85311000', '85311200'], valueGbp: 6_000_000 },
        { id: '3', title: 'Counselling and carers’ support', cpvCodes: ['85312320', '85312400'], valueGbp: 1_500_000 },
      ],
      deliveryAreas: [TRAFFORD, OLDHAM],
      valueGbp: 14_500_000,
      submissionDeadline: '2027-04-13T12:00:00+01:00',
      contractStart: '2027-10-01T00:00:00+01:00',
      contractEnd: '2031-09-30T23:59:59+01:00',
      openToConsortia: true,
      reservedForMutuals: false,
      vcseSuitable: true,
      smeSuitable: true,
      socialValueWeight: 0.1,
    },
  ];
}

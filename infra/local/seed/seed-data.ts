/**
 * The seed: the pairs named in the seed article (2022-06-04) and related 2022 events, from
 * the research notes in docs/research.md (§1a and §1b), plus a few establishment dates found in stored
 * public pages (each with its address). Nothing is invented:
 * - a date is given at the precision of its source ("1944", "2022-03"); where a source gives a
 *   range of days, the LAST day is recorded (the ledger never claims an event earlier than its
 *   sources) and the range is in the note;
 * - every event carries its sources (full addresses as https URLs; addresses that the research
 *   notes give only in part, and print sources, as citations), the source's own wording and a
 *   confidence level in the note (high / medium / low, as defined in docs/research.md);
 * - facts with no date at all are not events: they are told in a note.
 * Wikidata ids are given only where certain (Chicago, Moscow). Locations: see LOCATIONS below.
 */
import type { City, EventInput, Location, TimelineEventType } from "../../../domain/index.js";

type Recordable = Exclude<TimelineEventType, "established">;

/** One seed event: its type and its data, as the API would receive it. */
export type SeedEvent = { [T in Recordable]: { readonly type: T; readonly data: EventInput<T> } }[Recordable];

export interface SeedPair {
  readonly established: EventInput<"established">;
  /** Later events, in the order they are recorded. */
  readonly events: readonly SeedEvent[];
}

const url = (address: string) => ({ url: address });
const cite = (citation: string) => ({ citation });
const ev = <T extends Recordable>(type: T, data: EventInput<T>) => ({ type, data }) as SeedEvent;

// Locations. Most come from the Wikidata extract the import fixture is derived from (Wikidata's
// P625 as of 2017, CC0: test/fixtures/import/source/), checked to be the same place (its
// Gainesville is Gainesville, Georgia, so it is not used); five come from other cited pages.
// Regions (County Durham, Iowa, Stavropol Krai) have no point location and are left without.
const WIKIDATA_2017 = "Wikidata P625 (coordinate location), 2017 extract of rogorido/sistercities";
const wd = (lat: number, lon: number): Location => ({ lat, lon, source: WIKIDATA_2017 });
const L = {
  chicago: wd(41.9, -87.65),
  moscow: wd(55.755833, 37.617778),
  jacksonville: wd(30.316667, -81.65),
  murmansk: wd(68.966667, 33.083333),
  sanDiego: wd(32.715, -117.1625),
  vladivostok: {
    lat: 43.115,
    lon: 131.885278,
    source: "https://review.clateway.com/wiki/view_html.php?q=Vladivostok (a copy of Wikipedia's article)",
  },
  albany: wd(42.65, -73.766667),
  tula: {
    lat: 54.2,
    lon: 37.616667,
    source: "https://kiwix.lema.org/wikipedia_en_all_mini_2024-02/A/Tula%2C_Russia (Wikipedia, 2024-02)",
  },
  sanJose: wd(37.304167, -121.872778),
  yekaterinburg: wd(56.833333, 60.583333),
  portland: wd(45.516667, -122.666667),
  khabarovsk: wd(48.483333, 135.066667),
  dallas: wd(32.7825, -96.7975),
  saratov: { lat: 51.534722, lon: 46.009167, source: "http://wikimapia.org/5175020/nl/Saratov" },
  desMoines: wd(41.590833, -93.620833),
  stavropol: wd(45.05, 41.983333),
  gainesville: {
    lat: 29.665278,
    lon: -82.336111,
    source: "https://en-academic.com/dic.nsf/enwiki/67720 (a copy of Wikipedia's article, 2008)",
  },
  novorossiysk: wd(44.716667, 37.766667),
  coventry: wd(52.416667, -1.516667),
  volgograd: wd(48.7, 44.483333),
  tallahassee: wd(30.438736, -84.280633),
  krasnodar: wd(45.033333, 38.983333),
  charlotte: wd(35.226944, -80.843333),
  voronezh: wd(51.671667, 39.210556),
  juneau: { lat: 58.3, lon: -134.383333, source: "https://eholc.tripod.com/Alaska/juneau.htm" },
  dubuque: wd(42.504321, -90.686865),
  pyatigorsk: wd(44.033333, 43.05),
  glasgow: wd(55.87, -4.27),
  rostov: wd(47.233333, 39.716667),
  wakefield: wd(53.6801, -1.492),
  belgorod: wd(50.6, 36.6),
  oxford: wd(51.751944, -1.257778),
  perm: wd(58.013889, 56.248889),
  kostroma: wd(57.766667, 40.933333),
  akureyri: wd(65.683333, -18.1),
  suhl: wd(50.610556, 10.693056),
  kaluga: wd(54.533333, 36.266667),
} satisfies Record<string, Location>;

// Cities. Regions are ISO 3166-2; Russian regions are left out (optional, and not needed for ids).
const C = {
  chicago: { name: "Chicago", country: "US", region: "US-IL", wikidataId: "Q1297", location: L.chicago },
  moscow: { name: "Moscow", country: "RU", wikidataId: "Q649", location: L.moscow },
  jacksonville: { name: "Jacksonville", country: "US", region: "US-FL", location: L.jacksonville },
  murmansk: { name: "Murmansk", country: "RU", location: L.murmansk },
  sanDiego: { name: "San Diego", country: "US", region: "US-CA", location: L.sanDiego },
  vladivostok: { name: "Vladivostok", country: "RU", location: L.vladivostok },
  albany: { name: "Albany", country: "US", region: "US-NY", location: L.albany },
  tula: { name: "Tula", country: "RU", location: L.tula },
  sanJose: { name: "San Jose", country: "US", region: "US-CA", aliases: ["San José"], location: L.sanJose },
  yekaterinburg: {
    name: "Yekaterinburg",
    country: "RU",
    aliases: ["Ekaterinburg"],
    location: L.yekaterinburg,
  },
  portland: { name: "Portland", country: "US", region: "US-OR", location: L.portland },
  khabarovsk: { name: "Khabarovsk", country: "RU", location: L.khabarovsk },
  dallas: { name: "Dallas", country: "US", region: "US-TX", location: L.dallas },
  saratov: { name: "Saratov", country: "RU", location: L.saratov },
  desMoines: { name: "Des Moines", country: "US", region: "US-IA", location: L.desMoines },
  stavropol: { name: "Stavropol", country: "RU", location: L.stavropol },
  gainesville: { name: "Gainesville", country: "US", region: "US-FL", location: L.gainesville },
  novorossiysk: { name: "Novorossiysk", country: "RU", aliases: ["Novorossiisk"], location: L.novorossiysk },
  coventry: { name: "Coventry", country: "GB", region: "GB-COV", location: L.coventry },
  volgograd: { name: "Volgograd", country: "RU", aliases: ["Stalingrad"], location: L.volgograd },
  tallahassee: { name: "Tallahassee", country: "US", region: "US-FL", location: L.tallahassee },
  krasnodar: { name: "Krasnodar", country: "RU", location: L.krasnodar },
  charlotte: { name: "Charlotte", country: "US", region: "US-NC", location: L.charlotte },
  voronezh: { name: "Voronezh", country: "RU", location: L.voronezh },
  juneau: { name: "Juneau", country: "US", region: "US-AK", location: L.juneau },
  dubuque: { name: "Dubuque", country: "US", region: "US-IA", location: L.dubuque },
  pyatigorsk: { name: "Pyatigorsk", country: "RU", aliases: ["Piatigorsk"], location: L.pyatigorsk },
  glasgow: { name: "Glasgow", country: "GB", region: "GB-GLG", location: L.glasgow },
  rostov: { name: "Rostov-on-Don", country: "RU", location: L.rostov },
  wakefield: { name: "Wakefield", country: "GB", region: "GB-WKF", location: L.wakefield },
  belgorod: { name: "Belgorod", country: "RU", location: L.belgorod },
  oxford: { name: "Oxford", country: "GB", region: "GB-OXF", location: L.oxford },
  perm: { name: "Perm", country: "RU", location: L.perm },
  durham: { name: "County Durham", country: "GB", region: "GB-DUR", aliases: ["Durham"] },
  kostroma: { name: "Kostroma", country: "RU", location: L.kostroma },
  akureyri: { name: "Akureyri", country: "IS", location: L.akureyri },
  suhl: { name: "Suhl", country: "DE", region: "DE-TH", location: L.suhl },
  kaluga: { name: "Kaluga", country: "RU", location: L.kaluga },
  iowa: { name: "Iowa", country: "US", region: "US-IA" },
  stavropolKrai: { name: "Stavropol Krai", country: "RU" },
} satisfies Record<string, City>;

// Sources used more than once.
const S = {
  cbsChicago: url(
    "https://cbsnews.com/chicago/news/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
  ),
  cbsLocal: url(
    "https://chicago.cbslocal.com/2022/02/28/chicago-aldermen-moscow-sister-city-revoked-ukraine-war/",
  ),
  sunTimes: url(
    "https://chicago.suntimes.com/2022/3/1/22957452/chicago-suspends-sister-city-relationship-moscow",
  ),
  blockClub: cite(
    "Block Club Chicago, 2022-03-01: blockclubchicago.org/2022/03/01/… (address given in part)",
  ),
  legistar: url("https://chicago.legistar.com/LegislationDetail.aspx?ID=5474219"),
  news4jax: cite("News4JAX, 2022-06-09: news4jax.com/news/local/2022/06/09/… (address given in part)"),
  nextKultur: cite(
    "next-kultur.org, mirror of the Jacksonville Sister Cities Association page (address not given)",
  ),
  firstCoast: cite("First Coast News (firstcoastnews.com), 2022-06-08"),
  cmio: url("https://cmio.org/en/world/824097-murmansk-severed-sister-city-ties-with-icelandic-akureyri"),
  timesOfSanDiego: cite(
    "Times of San Diego, 2022-04-21: timesofsandiego.com/politics/2022/04/21/… (address given in part)",
  ),
  sandisca: url("https://sandisca.org/"),
  netionalDastak: cite(
    "netionaldastak.com/ties-to-vladivostok-russia-… (address given in part): an undated mirror of a Times of San Diego article",
  ),
  albanyHistory: url("https://albanytula.org/our-history/"),
  albanyAbout: url("https://albanytula.org/about-albany-tula/"),
  albanyHome: url("https://albanytula.org/"),
  mercury2013: url("https://mercurynews.com/2013/10/22/san-jose-memo-to-russia-anti-gay-not-ok/"),
  portlandGov: url("https://portland.gov/ogr/international-relations-program"),
  axiosDsm0308: url("https://axios.com/local/des-moines/2022/03/08/des-moines-russian-sister-city-stavropol"),
  bostonGlobe: cite(
    "The Boston Globe, 2022-03-18: bostonglobe.com/2022/03/18/nation/cities-move-sever-… (address given in part)",
  ),
  guardianCoventry: cite(
    "The Guardian, 2022-03-23: theguardian.com/uk-news/2022/mar/23/… (address given in part)",
  ),
  bbc60942633: cite("BBC News, article 60942633 (c. 2022-04-04)"),
  v102: url("https://v102.ru/news/104886.html"),
  localgov: url(
    "https://www.localgov.co.uk/Oxford-council-ends-twinning-arrangement-with-Russian-city/53807",
  ),
  wakefieldExpress: cite("Wakefield Express: wakefieldexpress.co.uk/…-3590351 (address given in part)"),
  myq1075Council: url("https://myq1075.com/dubuque-city-council-cuts-ties-with-russian-sister-city/"),
  telegraphHerald: url(
    "https://www.telegraphherald.com/news/tri-state/article_77f467bf-4570-53c9-bea8-36da1f9466da.html",
  ),
  oxfordMailEnded: url(
    "https://www.oxfordmail.co.uk/news/19997591.oxford-city-council-will-not-reinstate-perm-link-russia-ceases-invasion/",
  ),
  rcinet: url(
    "https://www.rcinet.ca/eye-on-the-arctic/2022/12/16/murmansk-terminates-sister-city-relations-with-akureyri/",
  ),
  vardberg: url("https://vardberg.is/frettir/murmanask-svarar-akureyri-i-somu-mynt/"),
  suhl: cite("insuedthueringen.de and merkur.de, March 2022 (addresses not given)"),
  iowaSisterStates: url("https://iowasisterstates.org/stavropol"),
  axiosIowa: cite("Axios Des Moines, 2022-03-10: axios.com (address not given)"),
} as const;

export const SEED_PAIRS: readonly SeedPair[] = [
  // ── §1a: the seed article's pairs ──────────────────────────────────────────────────────────
  {
    established: {
      cityA: C.chicago,
      cityB: C.moscow,
      effectiveDate: "1997",
      actor: { side: "both", name: "Mayors Daley and Luzhkov" },
      authority: { body: "Mayors of Chicago and Moscow", instrument: "Daley–Luzhkov agreement" },
      sources: [S.cbsChicago],
      note: "Confidence: medium (one report).",
    },
    events: [
      ev("change-proposed", {
        effectiveDate: "2022-02-28",
        proposed: "terminated",
        actor: { side: "us-il-chicago", name: "33 aldermen (Lopez et al.)" },
        authority: {
          body: "Chicago City Council",
          instrument: "order to revoke Moscow's sister-city status",
        },
        sources: [S.cbsLocal],
        wording: "revoke",
        note: "The order was filed on 2022-02-28 and introduced in council on 2022-03-23 as Or2022-61. Confidence: high.",
      }),
      ev("suspended", {
        effectiveDate: "2022-03-01",
        actor: { side: "us-il-chicago", name: "Mayor of Chicago" },
        authority: {
          body: "Mayor of Chicago",
          instrument: "directive to World Business Chicago, the program's operator",
        },
        sources: [S.sunTimes, S.blockClub],
        wording: "suspend",
        condition: "until the end of hostilities … and the Putin regime is held accountable",
        note: "Directive given on 2022-02-28, announced on 2022-03-01 (the date recorded). Confidence: high.",
      }),
      ev("change-proposed", {
        effectiveDate: "2022-03-23",
        proposed: "terminated",
        actor: { side: "us-il-chicago", name: "33 aldermen (Lopez et al.)" },
        authority: { body: "Chicago City Council", instrument: "Order Or2022-61" },
        sources: [S.legistar],
        wording: "revoke",
        note: "Introduced in council and referred to the Committee on Special Events, Cultural Affairs and Recreation. Confidence: high.",
      }),
      ev("motion-failed", {
        effectiveDate: "2023-05-24",
        proposed: "terminated",
        actor: { side: "us-il-chicago", name: "Chicago City Council" },
        authority: { body: "Chicago City Council", instrument: "Order Or2022-61" },
        sources: [S.legistar],
        wording: "Failed to Pass",
        note:
          "Final action on the first day of the new council term, so the suspension stays and there is no revocation. " +
          "The related file is R2023-766. That this was an end-of-term sweep is an inference. " +
          "No reinstatement or formal termination was found up to 2024. Confidence: high (status) / low (reason).",
      }),
    ],
  },
  {
    established: {
      cityA: C.jacksonville,
      cityB: C.murmansk,
      effectiveDate: "1975-07-14",
      actor: { side: "both" },
      sources: [S.news4jax],
      note: "Confidence: medium.",
    },
    events: [
      ev("marked-dormant", {
        effectiveDate: "2017",
        actor: { side: "operator", name: "Jacksonville Sister Cities Association (JSCA)" },
        sources: [S.news4jax, S.nextKultur],
        wording: "Dormant Status Since 2017",
        note:
          "Self-reported: the JSCA added a 'Dormant Status Since 2017' note to its website in June 2022; the year is theirs. " +
          "No decision made it dormant. Confidence: medium (self-reported).",
      }),
      ev("retained", {
        effectiveDate: "2022-06-09",
        actor: { side: "operator", name: "Jacksonville Sister Cities Association (JSCA)" },
        sources: [S.news4jax, S.firstCoast],
        wording: "should be kept",
        note:
          "Reported between 2022-06-07 and 2022-06-09; the last day is recorded. The JSCA (a nonprofit) says the tie should be kept. " +
          "No city-council action on the tie was found: the council's Ukraine resolution of 2022-03-08 covered support only. " +
          "On 2022-12-15 Murmansk still listed Jacksonville among its 7 twins (cmio.org, RIA Novosti). Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.sanDiego,
      cityB: C.vladivostok,
      effectiveDate: "1991-09",
      actor: { side: "both" },
      sources: [S.timesOfSanDiego, S.sandisca],
      note: "Confidence: medium.",
    },
    events: [
      ev("retained", {
        effectiveDate: "2022",
        actor: { side: "us-ca-san-diego", name: "Office of Mayor Gloria" },
        sources: [S.netionalDastak],
        wording: "stay-the-course",
        note:
          "No formal action. The mayor's press secretary said there were no visits under Mayor Gloria and none planned; the president " +
          "of the San Diego–Vladivostok Sister City Society said 'stay-the-course'. The relationships are run by the San Diego " +
          "International Sister Cities Association (501c3). The stored mirror is undated: c. late March–April 2022, so only the year " +
          "is recorded. Confidence: medium (event) / low (date).",
      }),
    ],
  },
  {
    established: {
      cityA: C.albany,
      cityB: C.tula,
      effectiveDate: "1991",
      actor: { side: "both" },
      sources: [S.albanyHistory],
      note:
        "The Albany-Tula Alliance was founded in 1991 and incorporated in January 1992; the date of a city-level agreement was not " +
        "found. Confidence: medium.",
    },
    events: [
      ev("suspended", {
        effectiveDate: "2022",
        actor: { side: "operator", name: "Albany-Tula Alliance board" },
        authority: { body: "Albany-Tula Alliance board", vote: "unanimous" },
        sources: [S.albanyAbout, S.albanyHome],
        wording: "activities suspended for 2022 and the foreseeable future",
        note:
          "Suspended by the nonprofit, not by the city: no formal action by the Common Council or the mayor was found. Early 2022, " +
          "exact date not found, so only the year is recorded (it counts from 2022-12-31). The Alliance later dissolved (board " +
          "announcement 2023-11-06; its remaining $36,580 went to ICCR on 2023-11-28): the ledger has no event for an operator's " +
          "dissolution, and it does not change the city-level status. Albany signed an MOU with Bucha on 2023-02-06 (wskg.org). " +
          "Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.sanJose,
      cityB: C.yekaterinburg,
      effectiveDate: "1992",
      actor: { side: "both" },
      sources: [S.mercury2013],
      note: "Confidence: medium.",
    },
    events: [
      ev("reaffirmed", {
        effectiveDate: "2013-10-22",
        actor: { side: "us-ca-san-jose", name: "San José City Council" },
        authority: { body: "San José City Council", instrument: "resolution", vote: "9–1" },
        sources: [S.mercury2013],
        wording: "valued relationship",
        note: "Affirms the relationship while condemning a Russian law. Confidence: high.",
      }),
      ev("change-proposed", {
        effectiveDate: "2022-02-28",
        proposed: "terminated",
        actor: { side: "us-ca-san-jose", name: "Councilmember Arenas" },
        sources: [
          cite(
            "KRON4, 2022-02-28: kron4.com/news/bay-area/san-jose-lawmaker-proposes-… (address given in part)",
          ),
        ],
        wording: "end",
        note: "Confidence: high.",
      }),
      ev("retained", {
        effectiveDate: "2022-03-08",
        actor: { side: "us-ca-san-jose", name: "San José City Council" },
        authority: { body: "San José City Council", vote: "unanimous" },
        sources: [
          cite(
            "The Mercury News, 2022-03-08: mercurynews.com/2022/03/08/san-jose-opts-not-to-sever-… (address given in part)",
          ),
          cite("ABC7 News (abc7news.com), 2022-03-10"),
          cite(
            "The Mercury News, 2022-03-03: mercurynews.com/2022/03/03/longstanding-local-sister-city-… (address given in part)",
          ),
        ],
        wording: "opts not to sever",
        note:
          "The council voted not to sever and to send a letter of peace instead. On 2022-03-02 the Rules Committee had chosen a " +
          "letter over termination (medium). Confidence: high.",
      }),
      ev("retained", {
        effectiveDate: "2022-06-06",
        actor: { side: "us-ca-san-jose", name: "Mayor Liccardo" },
        sources: [
          cite("The Mercury News, 2022-06-06: mercurynews.com/2022/06/06/… (address given in part)"),
          cite("Los Angeles Times (latimes.com), 2022-06-07"),
        ],
        wording: "refused to revisit",
        note:
          "After the seed article's speech the mayor refused to revisit the decision; Councilmember Arenas said she would " +
          "reintroduce her proposal. What happened to it (2022–24) was not found. Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.portland,
      cityB: C.khabarovsk,
      effectiveDate: "1988",
      actor: { side: "both" },
      sources: [S.portlandGov, cite("The Oregonian (oregonlive.com), June 2022")],
      note: "Confidence: high.",
    },
    events: [
      ev("retained", {
        effectiveDate: "2022-06-13",
        actor: { side: "us-or-portland", name: "City of Portland officials" },
        sources: [
          cite(
            "The Oregonian, 2022-06: oregonlive.com/politics/2022/06/portland-should-break-… (address given in part)",
          ),
          url("https://pksca.org/its-time-to-renew-memberships"),
          S.portlandGov,
        ],
        wording: "no formal action",
        note:
          "Retained without formal action between 2022-06-04 and 2022-06-13 (the last day is recorded): city officials cited " +
          "Sister Cities International's advice, and the Portland Khabarovsk Sister City Association board (a nonprofit under " +
          "city ordinance, accountable to the mayor) argued publicly for continuing (Oregonian op-ed 2022-06-13). The city page " +
          "(undated, 2022 or later) still lists Khabarovsk among its 9 sister cities. Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.dallas,
      cityB: C.saratov,
      effectiveDate: "1992",
      actor: { side: "both" },
      sources: [cite("russianamericanbusiness.org, 2005-01-20: …/2005.01.20/… (address given in part)")],
      note:
        "The ties 'existed from 1992' according to the 2005 report of the 2004 agreement; no founding act was found. " +
        "Confidence: low.",
    },
    events: [
      ev("reaffirmed", {
        effectiveDate: "2004-12-10",
        actor: { side: "both" },
        authority: { instrument: "sister-city agreement" },
        sources: [cite("russianamericanbusiness.org, 2005-01-20: …/2005.01.20/… (address given in part)")],
        wording: "agreement signed",
        note: "An agreement signed, reaffirming the ties that existed from 1992. Confidence: medium.",
      }),
      ev("change-proposed", {
        effectiveDate: "2022-03-03",
        proposed: "suspended",
        actor: { side: "us-tx-dallas", name: "Mayor Johnson" },
        authority: { body: "Mayor of Dallas", instrument: "memo" },
        sources: [cite("WFAA: wfaa.com/article/news/local/dallas-mayor-proposes-… (address given in part)")],
        wording: "proposes suspension",
        note: "The memo is dated 2022-03-02 or 2022-03-03; the later day is recorded. Confidence: high.",
      }),
      ev("suspended", {
        effectiveDate: "2022-03-09",
        actor: { side: "us-tx-dallas", name: "Dallas City Council" },
        authority: { body: "Dallas City Council", instrument: "resolution", vote: "unanimous" },
        sources: [
          cite("CW33: cw33.com/…/dallas-city-council-votes-… (address given in part)"),
          cite("Texas Metro News: texasmetronews.com/28388/… (address given in part)"),
          cite("KERA News, 2022-03-09: keranews.org/news/2022-03-09/… (address given in part)"),
          S.timesOfSanDiego,
        ],
        wording: "severed",
        note:
          "Reported as 'severed' (Times of San Diego), but the resolution text says it 'suspends' the 'official Sister City " +
          "relationship', while encouraging people-to-people contact: recorded as a suspension. Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.desMoines,
      cityB: C.stavropol,
      effectiveDate: "1992",
      actor: { side: "both" },
      sources: [
        cite("Axios Des Moines, 2022-03-08: axios.com/local/des-moines/2022/03/08/… (address given in part)"),
      ],
      note: "Confidence: medium.",
    },
    events: [
      ev("change-proposed", {
        effectiveDate: "2022-03-07",
        proposed: "suspended",
        actor: { side: "us-ia-des-moines", name: "Des Moines City Council" },
        authority: { body: "Des Moines City Council", vote: "unanimous" },
        sources: [S.axiosDsm0308],
        wording: "recommend suspension",
        note: "The council recommended suspension to the Greater Des Moines Sister Cities Commission. Confidence: high.",
      }),
      ev("suspended", {
        effectiveDate: "2022-03-11",
        actor: { side: "operator", name: "Greater Des Moines Sister Cities Commission" },
        authority: {
          body: "Greater Des Moines Sister Cities Commission",
          instrument: "letter from Mayor Cownie",
        },
        sources: [
          cite("KCRG, 2022-03-11: kcrg.com/2022/03/11/… (address given in part)"),
          cite(
            "Axios Des Moines, 2022-03-10: axios.com/local/des-moines/2022/03/10/… (address given in part)",
          ),
          S.bostonGlobe,
        ],
        wording: "just a suspension and not a revocation",
        note:
          "The Commission agreed on 2022-03-08 to write to Stavropol and the mayor's letter followed, by 2022-03-11 (the last day " +
          "is recorded). Later press (2022-08, myq1075.com, low) calls it 'severed'; nothing records a change from suspension. " +
          "Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.gainesville,
      cityB: C.novorossiysk,
      effectiveDate: "1982",
      actor: { side: "us-fl-gainesville", name: "Gainesville City Commission" },
      authority: { body: "Gainesville City Commission", instrument: "resolution" },
      sources: [
        url("https://steve4994.wixsite.com/sistercityprogram/novorossiisk"),
        cite("liquisearch (address not given)"),
      ],
      note:
        "Described as the first community-initiated US–Soviet pairing. The partner is Novorossiysk, not Novgorod. " +
        "Confidence: medium.",
    },
    events: [
      ev("retained", {
        effectiveDate: "2022-03-07",
        actor: { side: "us-fl-gainesville", name: "Mayor Poe" },
        authority: { body: "Mayor of Gainesville", instrument: "letter to the mayor of Tallahassee" },
        sources: [S.bostonGlobe],
        wording: "opposing its termination",
        note: "The mayor wrote to Tallahassee's mayor opposing Tallahassee's termination of its own tie. Confidence: high.",
      }),
      ev("retained", {
        effectiveDate: "2022-03-09",
        actor: { side: "us-fl-gainesville", name: "Finance Committee" },
        authority: { body: "Finance Committee", instrument: "direction to staff to draft a resolution" },
        sources: [
          cite(
            "The Gainesville Sun, 2022-03-09: gainesville.com/story/news/2022/03/09/… (address given in part)",
          ),
        ],
        wording: "supporting the designation",
        note:
          "The committee directed staff to draft a resolution supporting the designation (and divesting from Russian companies). " +
          "The date the Commission adopted it was not found. Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.coventry,
      cityB: C.volgograd,
      effectiveDate: "1944",
      actor: { side: "both" },
      sources: [
        S.guardianCoventry,
        url("https://uktwintownsandsistercitiesfoundation.org/2020/05/18/"),
        cite(
          "Ilya Tsukanov, 2022-06-04, the seed article: 'Coventry and Stalingrad formally established sister city ties in 1944'",
        ),
      ],
      wording: "official sister cities",
      note:
        "Several candidate founding dates. The citizen link began in November 1941 with the Coventry women's message " +
        "(uk.vesti.news, 80th anniversary, 2021; BBC 60942633 says 'united … in 1941'; medium). 'Official sister cities in 1944' " +
        "(the Guardian; medium). '6 June 1944' (a UK twinning foundation; low). An 'official agreement' signed in 2004, possibly " +
        "a re-signing (v102.ru; low; recorded as a reaffirmation). Recorded as 1944, the year the sources agree on. " +
        "Volgograd was called Stalingrad until 1961. Confidence: medium (year) / low (day).",
    },
    events: [
      ev("reaffirmed", {
        effectiveDate: "2004",
        actor: { side: "both" },
        sources: [S.v102],
        wording: "official agreement",
        note: "An 'official agreement' signed, possibly a re-signing on an anniversary. Confidence: low.",
      }),
      ev("retained", {
        effectiveDate: "2022-03-15",
        actor: { side: "gb-cov-coventry", name: "Coventry City Council" },
        sources: [url("https://feeds.bbci.co.uk/news/uk-england-coventry-warwickshire-60748669")],
        wording: "friendship with the people",
        note: "The council initially kept the link. The date is approximate (c. 2022-03-15). Confidence: medium.",
      }),
      ev("suspended", {
        effectiveDate: "2022-03-22",
        actor: { side: "gb-cov-coventry", name: "Coventry City Council (full council)" },
        authority: {
          body: "Coventry City Council",
          instrument: "motion (joint Labour–Conservative)",
          vote: "unanimous",
        },
        sources: [
          cite("BBC News, article 60841684"),
          cite("ITV News Central, 2022-03-23: itv.com/news/central/2022-03-23/… (address given in part)"),
          S.guardianCoventry,
        ],
        wording: "paused",
        condition: "until such a time that they can resume",
        note:
          "The council also pledged to explore twinning with Mariupol (not found later). A letter notified Volgograd c. 2022-04-04 " +
          "(BBC 60942633; newsanyway.com 2022-04-04). Russian press reported it both as a suspension (v102.ru, " +
          "bloknot-volgograd.ru 2022-03-23) and as a termination or rupture (global-volgograd.ru 2022-03-24); no decision of " +
          "Volgograd's own was found, so none is recorded. After 2022 no reinstatement and no formal termination was found; a " +
          "Feb 2026 scrape of English Wikipedia no longer lists Volgograd among Coventry's twins (github Hekman/twincities), which " +
          "is weak evidence, not a council decision. Confidence: high.",
      }),
    ],
  },
  // ── §1b: related 2022 events that fit the model ────────────────────────────────────────────
  {
    established: {
      cityA: C.tallahassee,
      cityB: C.krasnodar,
      effectiveDate: "1984",
      actor: { side: "both" },
      sources: [
        cite("WUWF, 2022-03-09: wuwf.org/florida-news/2022-03-09/… (address given in part)"),
        cite("WTXL, 2022-03-03"),
      ],
      note: "Established in 1983 or 1984: the sources differ, and the later year is recorded. Confidence: low.",
    },
    events: [
      ev("terminated", {
        effectiveDate: "2022-03-09",
        actor: { side: "us-fl-tallahassee", name: "Tallahassee City Commission" },
        authority: { body: "Tallahassee City Commission", vote: "unanimous" },
        sources: [
          cite("WUWF, 2022-03-09: wuwf.org/florida-news/2022-03-09/… (address given in part)"),
          cite("WTXL, 2022-03-03"),
        ],
        wording: "terminated",
        note: "Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.charlotte,
      cityB: C.voronezh,
      effectiveDate: "1991-06-26",
      actor: { side: "both", name: "Mayor Sue Myrick and the mayor of Voronezh" },
      authority: { instrument: "sister-city agreement" },
      sources: [
        url("http://www.charlottesistercities.org/voronezh-russia"),
        url("https://www.wbtv.com/2022/03/01/charlotte-begin-process-sever-ties-with-russian-sister-city/"),
      ],
      note: "Not in the research notes (docs/research.md): found in stored pages of Charlotte Sister Cities and WBTV, which agree. Confidence: medium.",
    },
    events: [
      ev("suspended", {
        effectiveDate: "2022-03-28",
        actor: { side: "us-nc-charlotte", name: "Charlotte City Council" },
        authority: { body: "Charlotte City Council", instrument: "resolution", vote: "unanimous" },
        sources: [
          url(
            "https://www.thecharlotteweekly.com/southcltweekly/charlotte-suspends-ties-with-russian-sister-city/article_2ce88648-af47-11ec-9ccd-c35205a3ff82.html",
          ),
        ],
        wording: "suspending sister city ties",
        condition:
          "one year following the declaration of peace, the return of sovereign and territorial integrity to Ukraine and the " +
          "establishment of democratic systems in Russia",
        note: "Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.juneau,
      cityB: C.vladivostok,
      effectiveDate: "1991-10",
      actor: { side: "both" },
      sources: [cite("KTOO, 2022-04-06: ktoo.org/2022/04/06/… (address given in part)")],
      note: "Confidence: high.",
    },
    events: [
      ev("motion-failed", {
        effectiveDate: "2022-04-04",
        proposed: "suspended",
        actor: { side: "us-ak-juneau" },
        authority: { instrument: "motion to suspend", vote: "failed by one vote" },
        sources: [cite("KTOO, 2022-04-06: ktoo.org/2022/04/06/… (address given in part)")],
        wording: "failed by one vote",
        note:
          "The tie is therefore retained. It was described as 'largely dormant', without a date, so no dormancy event is recorded. " +
          "Confidence: high.",
      }),
    ],
  },
  {
    established: {
      cityA: C.dubuque,
      cityB: C.pyatigorsk,
      effectiveDate: "1989",
      actor: { side: "both" },
      sources: [S.telegraphHerald, S.myq1075Council],
      note: "Not in the research notes (docs/research.md): the Telegraph Herald and Q1075 say the relationship began in 1989. Confidence: medium.",
    },
    events: [
      ev("suspended", {
        effectiveDate: "2022-07-18",
        actor: { side: "operator", name: "Sister City Committee of Travel Dubuque" },
        authority: {
          body: "Sister City Committee of Travel Dubuque",
          instrument: "committee decision under the council's delegation of 2017",
        },
        sources: [cite("City of Dubuque records: weblink.cityofdubuque.org … id=2657156"), S.telegraphHerald],
        wording: "suspension",
        note:
          "'Suspension' was defined as stopping all communication indefinitely and removing signage, while historical records " +
          "stay. On 2022-08-01 the city council took up the item: one report says 'receive and file', another says it 'voted to " +
          "officially sever' (myq1075.com, low), and the Telegraph Herald (2022-08-02) says the council agreed to remove signage " +
          "'following the suspension'. The reports conflict, so no termination is recorded. Confidence: high (suspension) / low " +
          "(severing).",
      }),
    ],
  },
  {
    established: {
      cityA: C.glasgow,
      cityB: C.rostov,
      effectiveDate: "1986",
      actor: { side: "both" },
      sources: [cite("budapestpost.com (mirror of a Guardian article)"), S.wakefieldExpress],
      note: "Confidence: medium.",
    },
    events: [
      ev("suspended", {
        effectiveDate: "2022-02-25",
        actor: { side: "gb-glg-glasgow", name: "Leader of Glasgow City Council" },
        authority: { body: "Leader of Glasgow City Council" },
        sources: [cite("budapestpost.com (mirror of a Guardian article)"), S.wakefieldExpress],
        wording: "suspended",
        note: "Within hours of the invasion, on 2022-02-24 or 2022-02-25; the later day is recorded. Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.wakefield,
      cityB: C.belgorod,
      effectiveDate: "1991",
      actor: { side: "both" },
      sources: [url("https://hellorayo.co.uk/pulse1/local/news/wakefield-ends-ties-russian-town")],
      note: "Not in the research notes (docs/research.md): 'first forged in 1991' (LDRS report, 2022-03-03). Confidence: medium (one report).",
    },
    events: [
      ev("change-proposed", {
        effectiveDate: "2022-02-28",
        proposed: "terminated",
        actor: { side: "gb-wkf-wakefield", name: "Leader of Wakefield Council" },
        sources: [S.wakefieldExpress, S.localgov],
        wording: "revoke",
        note:
          "The council leader recommended a formal end. The agreement was described as 'dormant' for some time, without a date, " +
          "so no dormancy event is recorded. Confidence: medium.",
      }),
      ev("terminated", {
        effectiveDate: "2022-03-02",
        actor: { side: "gb-wkf-wakefield", name: "Wakefield Council" },
        authority: { body: "Wakefield Council", vote: "unanimous" },
        sources: [url("https://hellorayo.co.uk/pulse1/local/news/wakefield-ends-ties-russian-town")],
        wording: "end",
        note:
          "Not in the research notes (docs/research.md): reported on 2022-03-03 (LDRS) as a vote 'on Wednesday', that is 2022-03-02. " +
          "Confidence: medium (one report).",
      }),
    ],
  },
  {
    established: {
      cityA: C.oxford,
      cityB: C.perm,
      effectiveDate: "1995",
      actor: { side: "both" },
      sources: [S.oxfordMailEnded],
      note: "Not in the research notes (docs/research.md): 'in place since 1995' (Oxford Mail). Confidence: medium.",
    },
    events: [
      ev("terminated", {
        effectiveDate: "2022-03-07",
        actor: { side: "gb-oxf-oxford", name: "Leader of Oxford City Council" },
        authority: {
          body: "Oxford City Council",
          instrument: "leader's decision, for endorsement by Full Council",
        },
        sources: [S.localgov, S.oxfordMailEnded],
        wording:
          "end our twinning agreement until such time as Russia's appalling breaches of international law cease",
        note:
          "A termination worded like a conditional suspension: the Oxford Mail calls it ending the link 'temporarily' and 'on " +
          "hold'. Recorded as a termination, the council's own word; the condition is in the wording. Announced on 2022-03-04, " +
          "taking effect on Monday 2022-03-07 (recorded). Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.durham,
      cityB: C.kostroma,
      effectiveDate: "1968",
      actor: { side: "both" },
      sources: [S.localgov],
      note: "Confidence: medium.",
    },
    events: [
      ev("terminated", {
        effectiveDate: "2022-03",
        actor: { side: "gb-dur-county-durham", name: "Durham County Council" },
        authority: { body: "Durham County Council" },
        sources: [S.localgov],
        wording: "ending the twinning arrangements",
        note: "Early March 2022, reported by 2022-03-07; the day was not found, so only the month is recorded. Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.akureyri,
      cityB: C.murmansk,
      effectiveDate: "1994",
      actor: { side: "both" },
      sources: [
        S.rcinet,
        url("https://vikubladid.is/is/frettir/murmansk-svarar-akureyri"),
        url("https://www.frettabladid.is/frettir/akureyri-og-murmansk-i-russlandi-enn-tha-vinabaeir/"),
      ],
      note:
        "Not in the research notes (docs/research.md): 'in place since 1994' (Interfax via The Independent Barents Observer; Vikublaðið; " +
        "Fréttablaðið). One Russian report (dzen.ru) gives 1994-10-14. Confidence: medium (year) / low (day).",
    },
    events: [
      ev("terminated", {
        effectiveDate: "2022-11-15",
        actor: { side: "is-akureyri", name: "Akureyri town council" },
        authority: { body: "Akureyri town council", vote: "unanimous" },
        sources: [S.cmio, S.vardberg],
        wording: "terminate sister city cooperation",
        note: "Unilateral: Akureyri's own decision; the mayor's letter informed Murmansk. Confidence: medium.",
      }),
      // Murmansk's reciprocal termination repeats a decision that already made the pair terminated,
      // but by the other side: the ledger records it as a concurring decision (status terminated,
      // still since 2022-11-15), not as a no-op. See the no-op rule in docs/domain.md.
      ev("terminated", {
        effectiveDate: "2022-12-15",
        actor: { side: "ru-murmansk", name: "Murmansk City Council of Deputies" },
        authority: { body: "Murmansk City Council of Deputies", vote: "23 votes, unanimous" },
        sources: [S.cmio, S.rcinet],
        wording: "break the sister city ties",
        note: "Murmansk's reciprocal decision, 'a reciprocal measure'. Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.suhl,
      cityB: C.kaluga,
      effectiveDate: "1969",
      actor: { side: "both" },
      sources: [S.suhl],
      note: "Confidence: medium.",
    },
    events: [
      ev("retained", {
        effectiveDate: "2022-03-02",
        actor: { side: "de-th-suhl", name: "Suhl city council" },
        authority: { body: "Suhl city council" },
        sources: [S.suhl],
        wording: "continue",
        note: "The council voted to continue the partnership. Confidence: medium.",
      }),
    ],
  },
  {
    established: {
      cityA: C.iowa,
      cityB: C.stavropolKrai,
      relationship: "sister-state",
      effectiveDate: "1988-06",
      actor: { side: "both" },
      sources: [S.iowaSisterStates],
      note: "A sister-state tie, signed in June 1988. Confidence: medium.",
    },
    events: [
      ev("terminated", {
        effectiveDate: "2022-03",
        actor: { side: "us-ia-iowa", name: "Governor of Iowa" },
        authority: { body: "Governor of Iowa", instrument: "directive" },
        sources: [S.axiosIowa, S.iowaSisterStates],
        wording: "terminated",
        note: "Terminated at the governor's directive in March 2022; the day was not found. Confidence: medium.",
      }),
    ],
  },
];

/**
 * What the seed leaves out, and why (kept here so that the reasons travel with the data).
 */
export const NOT_SEEDED: readonly string[] = [
  "Santa Clara County–Moscow (city, region and nation), severed 2022-03-22: one county paired with three parties, and no establishment date.",
  "State of Maryland–Leningrad Oblast, cut 2022-02-28: no establishment date.",
  "Hanau–Yaroslavl, Kassel–Yaroslavl and Novy Urengoy, Düsseldorf–Moscow (2022-03): no establishment dates and no day of decision per city.",
  "Albany-Tula Alliance dissolved 2023-11-06: an operator's dissolution is not a status event (told in the suspension's note).",
  "Dubuque council item of 2022-08-01: conflicting reports (told in the suspension's note).",
  "Volgograd's side of the Coventry pause: reported as suspension and as rupture, no decision found (told in the note).",
];

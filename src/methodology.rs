//! Methodology, caveats and glossary in plain language, on the page so they
//! work offline.

use leptos::prelude::*;

#[component]
pub fn Methodology() -> impl IntoView {
    view! {
        <section id="methodology" class="methodology">
            <h2>"How these figures are made"</h2>
            <details>
                <summary>"Harm (Crime Severity Score method)"</summary>
                <p>"Harm weights each crime by how serious it is, not just how many crimes there are. By default it uses the ONS Crime Severity Score list of weights, as current in 2020: for each offence, the average sentence courts give for it, in days (sentences other than prison are converted to equivalent days)."</p>
                <p>"police.uk publishes 14 categories of crime, not offences. So a category's weight is the average of its offences' weights, weighted by how often each offence was recorded in the force (Home Office recorded crime, 2017/18)."</p>
                <p>"Harm per resident per year is a period's harm, turned into a yearly figure (see Periods), divided by the area's usual residents. Anti-social behaviour is never part of harm: it has no weight, and is counted separately."</p>
            </details>
            <details>
                <summary>"Choosing the weights, and how much it matters"</summary>
                <p>"Deciding how much one crime weighs against another is a judgement, so you can switch the weighting:"</p>
                <ul>
                    <li>"Crime Severity Score (the default), as above."</li>
                    <li>"Plain counts: every crime weighs 1, so harm is the number of crimes."</li>
                    <li>"Cambridge Crime Harm Index: each Home Office group of offences weighs the typical (median) number of days of imprisonment for it. A category weighs the average of its groups' days, weighted by how many of each group were recorded in England and Wales in 2024/25. It has fewer, broader groups than the Crime Severity Score, so it is a coarser measure."</li>
                </ul>
                <p>"The legend says how much the picture depends on this choice. For each other weighting it shows how many wards change quintile compared with the Crime Severity Score, and the rank correlation between the two. A quintile is a fifth of the wards, ranked by harm; the map's five colours are these quintiles."</p>
                <p>"A rank correlation of 1 means both weightings put the wards in exactly the same order; near 0 means the orders are unrelated. If few wards change quintile and the correlation is close to 1, the choice of weights makes little difference to which areas stand out."</p>
            </details>
            <details>
                <summary>"Periods and rates per year"</summary>
                <p>"police.uk publishes crime month by month. Harm and crime rates are always per year: the total over the months that have data is scaled up to twelve months (annualised), so periods of different lengths can be compared. A month missing from the data is a gap, never a zero."</p>
                <p>"Every such figure says how many months it rests on, for example “from 8 of 12 months”. A figure resting on few months is less certain."</p>
                <p>"You can choose a financial year (April to March, for example 2018-19), a calendar year, a single month, or your own range of months. Named periods are set in the published data: the baseline is 2018-19 (before Covid); the Covid years are 2020-21 and 2021-22; post-Covid is 2022-23 onwards."</p>
            </details>
            <details>
                <summary>"Change since the baseline"</summary>
                <p>"Change is a period's harm per resident per year divided by the baseline's. 1 means no change; 1.2 means 20% more harm per resident; 0.8 means 20% less."</p>
                <p>"Crime goes up and down with the seasons, so only calendar months that have data in both periods are compared (for example, if the baseline is missing October, October is left out of both). The months used are stated beside each figure."</p>
                <p>"Counts of crime vary by chance, so each change has a 95% interval. Each category's count is treated as varying by chance like a Poisson count (its variance equals the count), so harm, a weighted sum of counts, has a variance equal to the sum over categories of weight² × count. The interval is worked out on the log scale (the “delta method”), which is why it is not symmetric around the change."</p>
                <p>"On the map, change uses two-sided colours centred on 1: blue for less harm than the baseline, red for more. Areas whose interval includes 1 are dotted: their change could be chance. Areas where change cannot be measured (no months in common, or no harm in the baseline) are hatched."</p>
            </details>
            <details>
                <summary>"Trend charts"</summary>
                <p>"The trend charts show harm per resident per year month by month, for the force and for the selected ward. Each month's harm is scaled to a year (× 12), so the line reads in the same unit as the period figures."</p>
                <p>"Months missing from the data are gaps in the line, and baseline months are shaded. Each chart has a table with the same numbers beneath it."</p>
            </details>
            <details>
                <summary>"Map colours"</summary>
                <p>"By default the colour classes are worked out from the period shown, so the same colour can mean a different value in another period. The option “Same classes for every period” works the classes out from every period's values together, so colours can be compared over time."</p>
            </details>
            <details>
                <summary>"Exposure disparity"</summary>
                <p>"For Black and for White residents, the average harm per resident per year of the ward they live in, weighted by how many of them live there. The disparity is the Black average divided by the White average: 2 means Black residents live, on average, in wards with twice the harm. The deprivation-adjusted version compares the two groups within each national deprivation decile and combines the deciles in proportion to where Black residents live."</p>
            </details>
            <details>
                <summary>"Stop and search, rates and intervals"</summary>
                <p>"Each search is placed in a ward by its police.uk location; searches without a location count at force level only. Self-defined ethnicity (the person's own answer) and officer-defined ethnicity (the officer's view) are mapped to the five Census 2021 groups; not stated is kept as its own group and its share is always shown. Rates are per 1,000 usual residents of each group (Census 2021). The Black/White rate ratio has a 95% confidence interval on the log scale, or exact limits when either count is under 10. Low reliability [u]: fewer than 10 events or 100 residents."</p>
            </details>
            <details>
                <summary>"Use of force and Taser"</summary>
                <p>"Home Office police use of force statistics, by force and the subject's ethnicity as the officer perceived it, for the financial years April 2018 to March 2019 and April 2019 to March 2020. The counting unit is one officer's use of one tactic on one person: a person restrained, handcuffed and shown a Taser by two officers is counted several times, so these are uses, not people. The figures are for the whole force only; they cannot be mapped to wards. “All tactics” is the Home Office total of reported tactics (excluding tactical communication and tactics not reported). Taser (conducted energy device) is shown apart: all uses, and, from 2019-20 only, discharged and not discharged; the 2018-19 table gives no breakdown, so none is shown, and uses that did not record whether the Taser was discharged are counted in the total only. Rates are uses per 1,000 Census 2021 usual residents of each group; the census comes after these years, so the denominators do not reflect population change. The Black/White ratio and its 95% interval are computed as for stop and search; uses with ethnicity not stated (“Don't know” and “Not reported”) have no rate, and their share is shown."</p>
            </details>
            <details>
                <summary>"Stop and search over five years (2017-2021)"</summary>
                <p>"The only five-year series of stop and search here is by local authority district: Black Thrive's counts of searches of Black and White people by district and calendar year, 2017 to 2021, from the police.uk API records placed in districts (BlackThrive/ExtractSS, MIT licence; counts from police.uk, Open Government Licence v3.0). Districts are named in that file, so each is matched by name to a district of the force; a name that matches none stops the build."</p>
                <p>"Rates use Census 2021 Black and White usual residents of each district (the sum of its wards), the same denominators as the rest of this map. The series' own populations (older estimates) differ and are not used, so years before 2021 do not reflect population change. The Black/White ratio is the Black rate divided by the White rate, with a 95% interval as for other rate ratios. Change since 2018 (the baseline) is a year's ratio divided by 2018's; with the same denominators in both years it is (Black ÷ White searches that year) ÷ (Black ÷ White searches in 2018), and its 95% interval is worked out on the log scale with standard error √(1/b + 1/w + 1/b₂₀₁₈ + 1/w₂₀₁₈) (Altman and Bland, 2003, “Interaction revisited”, BMJ 326:219). It is not given where a count is suppressed or zero."</p>
                <p>"District counts by ethnic group are sensitive: each year is published under the same disclosure rules as other counts below force level (1 to 9 suppressed [c], others rounded to the nearest 5, further cells suppressed so no [c] can be worked out from the force's exact yearly total), so a district's ratio uses the rounded counts. The force row is the exact sum over its districts."</p>
                <p>"Where the record-level police.uk files this map reads cover every month of a year, their district counts are checked against the series and any difference reported when the data is built. Where they cover only some months (today: no whole year for either force), the series is the only source for that year, and the table says so."</p>
            </details>
            <crate::force_held_lens::LensMethodology/>
            <crate::rag_page::RagMethodology/>
            <details id="modules-method">
                <summary>"Modules: urban and rural wards, deprivation bands, and peer wards"</summary>
                <p>"Under Wards you can limit every figure to a module: urban or rural wards (the ONS 2021 rural-urban class of the ward's majority of residents, its two urban classes counted as urban and its four rural classes as rural, as ONS collapses them; or one of the six classes), a band of national deprivation deciles (the English Indices of Deprivation 2025 decile of the neighbourhood the ward's median resident lives in; 1 is the most deprived 10% of England), or one of each. The map, the table, the district and force figures, exposure disparity, change since the baseline and the funnel plot are then recomputed from the module's wards only: the force row is their total, not the force's. Wards outside the module are greyed with horizontal lines on the map and are in no figure. Welsh wards have no English deprivation decile, so they are in no deprivation band, and the note beside the figures counts them."</p>
                <p>"Stop and search below force level is published only as rounded or suppressed ward and district counts, so a module's district and force counts are sums of its wards' published counts: rounding makes the sum a range, which is given, and a suppressed ward count [c] makes the sum uncomputable, so it is shown as [c] (never as if the ward had none). Search outcomes, use of force and the five-year district series are published for the whole force or its districts and are not limited to a module."</p>
                <p>"Peer wards: a ward's peers are the wards of every force on this map with the same national deprivation decile and the same urban or rural class. The ward panel shows, for the selected measure and choices, how many peers have a value, their median and range, and where the ward sits among them. Peers without a value (no data for the period, or suppressed) are counted and left out, never taken as zero; a ward without a decile (Welsh wards) has no peers."</p>
            </details>
            <crate::trauma_score::TraumaMethod/>
            <crate::survey_table::SurveyMethodology/>
            <details>
                <summary>"Disclosure control"</summary>
                <p>"Counts of people by ethnic group below force level are rounded to the nearest 5; counts from 1 to 9 are suppressed [c]. Below force level they are published only for whole calendar years, for wards and for districts, checked together, so that no count can be worked out by subtracting one period, ward or district from another; month by month figures exist only for the whole force."</p>
                <p>"Further cells, and sometimes row totals, are suppressed until every suppressed count could be at least three different values given everything published; which cell hides a lone person is chosen in a way nobody can work out from the published figures. Before publishing, the build attacks its own tables with an integer program, as someone trying to uncover a suppressed count would, and refuses to publish if any count could be pinned down. Rates on this site use only the published counts."</p>
            </details>
            <details>
                <summary>"Places and dates"</summary>
                <p>"Wards are December 2025 boundaries (2024 codes). police.uk data for 2018 to 2021 uses 2011 LSOAs; these are converted to 2021 LSOAs, using the record's location where an LSOA was split, and then to wards by the ONS best-fit lookup (of 2024 wards: where a district's wards were redrawn in 2025, each LSOA goes to the 2025 ward holding its interior point, best fit by geometry, and the force's data notes count them; a ward that no LSOA best-fits has no residents of its own, since the census counts them in the neighbouring wards, and no rate is shown for it). Every record is accounted for: placed in a ward, outside the force's wards, without a location, with an unknown code, or rejected (published in the data folder's accounting files). Residents are Census 2021 usual residents; deprivation is the English Indices of Deprivation 2025 decile of the area the ward's median resident lives in; rural-urban class is the 2021 class holding most residents."</p>
            </details>
            <details>
                <summary>"Glossary"</summary>
                <dl>
                    <dt>"Ward"</dt><dd>"An electoral area, the unit mapped here (about 7,000 residents on average)."</dd>
                    <dt>"LSOA"</dt><dd>"Lower layer super output area: a small census area of about 1,500 residents, the building block."</dd>
                    <dt>"Crime Severity Score"</dt><dd>"The ONS way of weighting crime by seriousness: each offence weighs the average sentence given for it, in days."</dd>
                    <dt>"Cambridge Crime Harm Index"</dt><dd>"Another way of weighting crime: each Home Office group of offences weighs the typical (median) number of days of imprisonment for it."</dd>
                    <dt>"Annualised"</dt><dd>"Scaled to a year: the total over the months with data, multiplied by 12 and divided by the number of those months."</dd>
                    <dt>"Baseline"</dt><dd>"The period change is measured against: 2018-19 (April 2018 to March 2019), before Covid."</dd>
                    <dt>"Rate ratio"</dt><dd>"One group's rate divided by another's; 1 means equal rates."</dd>
                    <dt>"95% interval"</dt><dd>"The range of values consistent with the counts, allowing for chance; wide when counts are small. If a ratio's interval includes 1, the difference could be chance."</dd>
                    <dt>"Quintile"</dt><dd>"One fifth of the areas, ranked from lowest to highest value."</dd>
                    <dt>"Rank correlation"</dt><dd>"How closely two lists put the same areas in the same order: 1 the same order, 0 unrelated, -1 the reverse order."</dd>
                    // The symbols as every downloaded table's header explains them.
                    {harm_core::table_file::SYMBOLS.map(|(symbol, meaning)| view! { <dt>{symbol}</dt><dd>{meaning}</dd> }).collect_view()}
                    <dt>"IMD decile"</dt><dd>"National deprivation tenth: 1 is the most deprived 10% of areas in England."</dd>
                </dl>
            </details>
            <p class="licence">{LICENCE}</p>
        </section>
    }
}

/// The licence and sources of the published data, as said under the method
/// and drawn into every downloaded map and chart.
pub const LICENCE: &str = "Contains public sector information licensed under the Open Government Licence v3.0: police.uk, ONS (Census 2021, boundaries and lookups; contains OS data © Crown copyright and database right), MHCLG and Home Office. Sources and checksums of every input are listed in data/provenance.json.";

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
                <p>"Harm weights each crime by how serious it is, using the ONS Crime Severity Score list of weights (the average sentence for each offence). police.uk publishes 14 categories, not offences, so a category's weight is the average of its offences' weights, weighted by how often each offence was recorded in the force (Home Office recorded crime, 2017/18). Harm per resident is harm divided by usual residents. Anti-social behaviour has no weight: it is counted separately and never added to harm. When the list of weights has not been supplied, every crime weighs 1 and harm equals the number of crimes; the statement above each harm figure says which applies."</p>
            </details>
            <details>
                <summary>"Exposure disparity"</summary>
                <p>"For Black and for White residents, the average harm per resident of the ward they live in, weighted by how many of them live there. The disparity is the Black average divided by the White average: 2 means Black residents live, on average, in wards with twice the harm. The deprivation-adjusted version compares the two groups within each national deprivation decile and combines the deciles in proportion to where Black residents live."</p>
            </details>
            <details>
                <summary>"Stop and search, rates and intervals"</summary>
                <p>"Each search is placed in a ward by its police.uk location; searches without a location count at force level only. Self-defined ethnicity (the person's own answer) and officer-defined ethnicity (the officer's view) are mapped to the five Census 2021 groups; not stated is kept as its own group and its share is always shown. Rates are per 1,000 usual residents of each group (Census 2021). The Black/White rate ratio has a 95% confidence interval on the log scale, or exact limits when either count is under 10. Low reliability [u]: fewer than 10 events or 100 residents."</p>
            </details>
            <details>
                <summary>"Disclosure control"</summary>
                <p>"Counts of people by ethnic group below force level are rounded to the nearest 5; counts from 1 to 9 are suppressed [c], and further cells are suppressed so that no suppressed count can be worked out from totals. Only fixed wards and calendar months are published. The build checks this and refuses to publish otherwise; rates on this site use only the published counts."</p>
            </details>
            <details>
                <summary>"Places and dates"</summary>
                <p>"Wards are December 2025 boundaries (2024 codes). police.uk data for 2018 to 2021 uses 2011 LSOAs; these are converted to 2021 LSOAs, using the record's location where an LSOA was split, and then to wards by the ONS best-fit lookup. Every record is accounted for: placed in a ward, outside the force's wards, without a location, with an unknown code, or rejected (published in the data folder's accounting files). Residents are Census 2021 usual residents; deprivation is the English Indices of Deprivation 2025 decile of the area the ward's median resident lives in; rural-urban class is the 2021 class holding most residents."</p>
            </details>
            <details>
                <summary>"Glossary"</summary>
                <dl>
                    <dt>"Ward"</dt><dd>"An electoral area, the unit mapped here (about 7,000 residents on average)."</dd>
                    <dt>"LSOA"</dt><dd>"Lower layer super output area: a small census area of about 1,500 residents, the building block."</dd>
                    <dt>"Rate ratio"</dt><dd>"One group's rate divided by another's; 1 means equal rates."</dd>
                    <dt>"95% interval"</dt><dd>"The range of ratios consistent with the counts, allowing for chance; wide when counts are small."</dd>
                    <dt>"[c]"</dt><dd>"Suppressed to protect the people counted."</dd>
                    <dt>"[u]"</dt><dd>"Low reliability: fewer than 10 events or 100 residents behind the figure."</dd>
                    <dt>"IMD decile"</dt><dd>"National deprivation tenth: 1 is the most deprived 10% of areas in England."</dd>
                </dl>
            </details>
            <p class="licence">"Contains public sector information licensed under the Open Government Licence v3.0: police.uk, ONS (Census 2021, boundaries and lookups; contains OS data © Crown copyright and database right), MHCLG and Home Office. Sources and checksums of every input are listed in data/manifest.json."</p>
        </section>
    }
}

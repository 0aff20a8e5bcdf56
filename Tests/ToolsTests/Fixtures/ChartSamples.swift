/// Expected chart output, kept byte for byte: a change in layout or number formatting shows up as a diff here.
enum ChartSamples {
    /// `VisualizationToolTests.csv` as a bar chart titled "Sales <2026> & co".
    static let salesBar = #"""
        <svg xmlns="http://www.w3.org/2000/svg" width="640" height="400" viewBox="0 0 640 400" font-family="sans-serif" font-size="12">
        <rect x="0" y="0" width="640" height="400" fill="#ffffff"/>
        <text x="320" y="30" text-anchor="middle" font-size="16" font-weight="bold">Sales &lt;2026&gt; &amp; co</text>
        <g class="y-axis">
        <line x1="72" y1="344" x2="616" y2="344" stroke="#e0e0e0"/>
        <text x="64" y="344" text-anchor="end" dominant-baseline="middle">0</text>
        <line x1="72" y1="302.29" x2="616" y2="302.29" stroke="#e0e0e0"/>
        <text x="64" y="302.29" text-anchor="end" dominant-baseline="middle">20</text>
        <line x1="72" y1="260.57" x2="616" y2="260.57" stroke="#e0e0e0"/>
        <text x="64" y="260.57" text-anchor="end" dominant-baseline="middle">40</text>
        <line x1="72" y1="218.86" x2="616" y2="218.86" stroke="#e0e0e0"/>
        <text x="64" y="218.86" text-anchor="end" dominant-baseline="middle">60</text>
        <line x1="72" y1="177.14" x2="616" y2="177.14" stroke="#e0e0e0"/>
        <text x="64" y="177.14" text-anchor="end" dominant-baseline="middle">80</text>
        <line x1="72" y1="135.43" x2="616" y2="135.43" stroke="#e0e0e0"/>
        <text x="64" y="135.43" text-anchor="end" dominant-baseline="middle">100</text>
        <line x1="72" y1="93.71" x2="616" y2="93.71" stroke="#e0e0e0"/>
        <text x="64" y="93.71" text-anchor="end" dominant-baseline="middle">120</text>
        <line x1="72" y1="52" x2="616" y2="52" stroke="#e0e0e0"/>
        <text x="64" y="52" text-anchor="end" dominant-baseline="middle">140</text>
        </g>
        <g class="x-axis">
        <text x="162.67" y="362" text-anchor="middle">Jan</text>
        <text x="344" y="362" text-anchor="middle">Feb</text>
        <text x="525.33" y="362" text-anchor="middle">Mar</text>
        </g>
        <line class="axis" x1="72" y1="344" x2="616" y2="344" stroke="#333333"/>
        <line class="axis" x1="72" y1="52" x2="72" y2="344" stroke="#333333"/>
        <text x="344" y="388" text-anchor="middle">month</text>
        <text x="16" y="198" text-anchor="middle" transform="rotate(-90 16 198)">sales</text>
        <g class="marks" fill="#4e79a7">
        <rect x="90.13" y="93.71" width="145.07" height="250.29"><title>Jan: 120</title></rect>
        <rect x="271.47" y="144.81" width="145.07" height="199.19"><title>Feb: 95.5</title></rect>
        <rect x="452.8" y="52" width="145.07" height="292"><title>Mar: 140</title></rect>
        </g>
        </svg>

        """#
}

"""Speed and size of the widgets (run by `make bench`).

Prints one figure a line as ``name: value unit (target: value unit)``:

* scales_update_median: one weight slider change in the live Scales view,
  model and chart redraw included (median of many changes);
* nexus_live_update_median: one harmony dial change in the live Nexus view (one run and the chart);
* nexus_run_1000x200: one Nexus run with 1000 citizens over 200 steps;
* nexus_static_page_data_grid: the size of the Nexus widget's HTML with its results grid (relief x harmony x claim).
"""

from __future__ import annotations

import statistics
import time


def scales_update_ms(repeats: int = 60) -> float:
    from elysara.widgets import scales
    from elysara.widgets.scales_view import ScalesWidget

    widget = ScalesWidget(scales.default_state("custom"))  # every option rated, so each change redraws the chart
    slider = widget.weights["relief"]
    times = []
    for i in range(repeats):
        value = 1.0 + (i % 8) * 0.5  # a different value every time, so the observer always fires
        if value == slider.value:
            value += 0.25
        start = time.perf_counter()
        slider.value = value
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def nexus_run_ms(repeats: int = 7) -> float:
    from elysara.widgets import nexus

    nexus.run(citizens=1000, steps=200)  # warm up numpy
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        nexus.run(citizens=1000, steps=200, harmony=0.5)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def nexus_live_update_ms(repeats: int = 15) -> float:
    from elysara.widgets.nexus_view import NexusWidget

    widget = NexusWidget()
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        widget.harmony.value = 0.05 * (1 + i % 19)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def nexus_export_kb() -> float:
    from elysara.widgets.nexus_view import static_widget

    return len(static_widget().to_html().encode("utf-8")) / 1024


def main() -> None:
    print(f"scales_update_median: {scales_update_ms():.1f} ms (target: 20 ms)")
    print(f"nexus_run_1000x200: {nexus_run_ms():.1f} ms (target: 100 ms)")
    print(f"nexus_live_update_median: {nexus_live_update_ms():.0f} ms (target: 200 ms)")
    print(f"nexus_static_page_data_grid: {nexus_export_kb():.0f} KB (target: 100 KB)")


if __name__ == "__main__":
    main()

"""A matplotlib figure as PREFIX.png and PREFIX.svg, each written whole or not at all
(atomic_output), then closed; what the figure scripts of `repop sensitivity` and
`repop calibrate --posterior` share."""

import io

from atomic_output import write_file


def save_figure(fig, prefix, dpi=130):
    import matplotlib.pyplot as plt

    for kind, options in (("png", {"dpi": dpi}), ("svg", {})):
        buffer = io.BytesIO()
        fig.savefig(buffer, format=kind, **options)
        write_file(f"{prefix}.{kind}", buffer.getvalue())
    plt.close(fig)
    print(f"wrote {prefix}.png\nwrote {prefix}.svg")

"""Known mistakes on conv_shapes, each a small variant of the reference.

A variant replaces only the functions below; the other reference functions call the
replaced ones (pool_output_size and conv2d_output_shape use conv_output_size), as a
student's own file would.
"""
# ruff: noqa: F811, F821  (each mistake redefines a reference function; it runs in the reference's namespace)
from dlgrade.spec import MistakeRegistry

known = MistakeRegistry()


@known.mistake(
    "ceil_not_floor",
    de="Die Ausgabegröße wurde aufgerundet (ceil) statt abgerundet (floor): ein Fenster, das über den "
       "gepolsterten Rand hinausragt, gibt es nicht, die letzten Positionen fallen weg.",
    en="The output size was rounded up (ceil) instead of down (floor): a window that sticks out past the "
       "padded border does not exist, the last positions are dropped.",
    hint_de="Zähle die Startpositionen 0, s, 2s, ... eines Fensters der Breite d(k-1)+1, das ganz in die "
            "gepolsterte Eingabe der Länge n+2p passen muss (Abschnitte Padding und Stride).",
    hint_en="Count the start positions 0, s, 2s, ... of a window of width d(k-1)+1 that must fit entirely into "
            "the padded input of length n+2p (sections on padding and stride).",
)
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = -(-(n + 2 * padding - effective_kernel(k, dilation)) // stride) + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake(
    "dilation_ignored",
    de="Die Dilation wurde ignoriert: ein Kernel mit k Einträgen und Dilation d überspannt d(k-1)+1 "
       "Eingabepositionen, nicht k.",
    en="The dilation was ignored: a kernel with k taps and dilation d spans d(k-1)+1 input positions, not k.",
    hint_de="Siehe den Abschnitt Dilation: zwischen benachbarten Kernel-Einträgen liegen Lücken. Wie breit "
            "ist das Fenster dann?",
    hint_en="See the section on dilation: there are gaps between neighbouring kernel taps. How wide is the "
            "window then?",
)
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + 2 * padding - k) // stride + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake(
    "padding_counted_once",
    de="Das Padding wurde nur einmal gezählt (p statt 2p): p Nullen kommen an JEDE Seite der Eingabe.",
    en="The padding was counted once (p instead of 2p): p zeros are added to EACH side of the input.",
    hint_de="Wie lang ist die Eingabe nach dem Zero-Padding (Abschnitt Padding)? Vergleiche mit Gl. (75), "
            "wo der Index i+m links und rechts über den Rand hinausläuft.",
    hint_en="How long is the input after zero padding (section on padding)? Compare eq. (75), where the index "
            "i+m runs past the border on the left and on the right.",
)
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + padding - effective_kernel(k, dilation)) // stride + 1
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake(
    "missing_plus_one",
    de="Das +1 fehlt: (n+2p-d(k-1)-1)/s zählt die Schritte zwischen den Fensterpositionen, nicht die Positionen.",
    en="The +1 is missing: (n+2p-d(k-1)-1)/s counts the steps between window positions, not the positions.",
    hint_de="Prüfe deine Formel an Gl. (78): ein Kernel der Größe M auf einer Eingabe der Größe M ergibt "
            "genau eine Ausgabe.",
    hint_en="Check your formula against eq. (78): a kernel of size M on an input of size M gives exactly one output.",
)
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    out = (n + 2 * padding - effective_kernel(k, dilation)) // stride
    if out < 0:
        raise ValueError("impossible")
    return out


@known.mistake(
    "params_without_in_channels",
    de="Die Eingangskanäle fehlen in der Parameterzahl: jeder Filter hat die Tiefe der Eingabe, also "
       "in_channels · kh · kw Gewichte.",
    en="The input channels are missing from the parameter count: every filter has the depth of the input, "
       "so in_channels * kh * kw weights.",
    hint_de="Folien zum Convolution Layer: #Parameter = #Filter · #(Pixel pro Filter); ein Filter ist ein "
            "Element aus einem Raum mit derselben Tiefe wie die Eingabe (Abschnitt 'Several Channels').",
    hint_en="Slides on the convolution layer: #parameters = #filters * #(pixels per filter); a filter has the "
            "same depth as the input (section 'several channels').",
)
def conv_param_count(in_channels, out_channels, k, bias=True):
    in_channels, out_channels = _int(in_channels, "in_channels", 1), _int(out_channels, "out_channels", 1)
    kh, kw = _pair(k, "k", 1)
    return out_channels * kh * kw + (out_channels if bias else 0)


@known.mistake(
    "one_bias_per_layer",
    de="Es wurde ein Bias pro Schicht gezählt; jeder Filter (jeder Ausgangskanal) hat seinen eigenen Bias.",
    en="One bias per layer was counted; every filter (every output channel) has its own bias.",
    hint_de="Gl. (75) ist für einen einzigen Ausgangskanal geschrieben. Was passiert mit b^(l), wenn die "
            "Schicht mehrere Filter hat?",
    hint_en="Eq. (75) is written for a single output channel. What happens to b^(l) when the layer has "
            "several filters?",
)
def conv_param_count(in_channels, out_channels, k, bias=True):
    in_channels, out_channels = _int(in_channels, "in_channels", 1), _int(out_channels, "out_channels", 1)
    kh, kw = _pair(k, "k", 1)
    return out_channels * in_channels * kh * kw + (1 if bias else 0)


@known.mistake(
    "receptive_field_ignores_strides",
    de="Das rezeptive Feld ignoriert die Strides der früheren Schichten: nach einem Stride s liegen "
       "benachbarte Einheiten s Eingabepositionen auseinander, jeder weitere Kernel-Eintrag deckt also mehr ab.",
    en="The receptive field ignores the strides of earlier layers: after a stride s, neighbouring units are "
       "s input positions apart, so every further kernel tap covers more of the input.",
    hint_de="Abschnitte Receptive Field und Stride: verfolge, wie weit zwei benachbarte Einheiten einer "
            "Schicht in der Eingabe auseinanderliegen.",
    hint_en="Sections on the receptive field and stride: track how far apart two neighbouring units of a "
            "layer are in the input.",
)
def receptive_field(layers):
    r = 1
    for layer in layers:
        k, stride, dilation = layer
        k, stride, dilation = _int(k, "k", 1), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
        r += effective_kernel(k, dilation) - 1
    return r


@known.mistake(
    "transposed_like_conv",
    de="Die Größe der transponierten Convolution wurde wie die einer Convolution berechnet; sie vergrößert "
       "die Eingabe und ist die Umkehrung der Größenabbildung einer Convolution.",
    en="The size of the transposed convolution was computed like that of a convolution; it enlarges its "
       "input and inverts a convolution's size map.",
    hint_de="Abschnitt Transposed Convolution: 'derselbe Vorgang, aber umgekehrt'. Löse die Formel der "
            "Convolution nach der Eingabegröße auf.",
    hint_en="Section on the transposed convolution: 'the same process, but in reverse'. Solve the "
            "convolution's formula for the input size.",
)
def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    return conv_output_size(n, k, padding, stride, dilation)


@known.mistake(
    "transposed_output_padding_ignored",
    de="output_padding wurde bei der transponierten Convolution nicht addiert.",
    en="output_padding was not added to the size of the transposed convolution.",
    hint_de="output_padding wählt unter den s Eingabegrößen, die eine Convolution mit Stride s auf dieselbe "
            "Größe abbildet, eine aus; es verlängert die Ausgabe an einer Seite.",
    hint_en="output_padding chooses among the s input sizes that a convolution with stride s maps to the same "
            "size; it lengthens the output on one side.",
)
def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    n, k = _int(n, "n", 1), _int(k, "k", 1)
    padding, stride, dilation = _int(padding, "padding", 0), _int(stride, "stride", 1), _int(dilation, "dilation", 1)
    output_padding = _int(output_padding, "output_padding", 0)
    if output_padding >= max(stride, dilation):
        raise ValueError("impossible")
    out = (n - 1) * stride - 2 * padding + effective_kernel(k, dilation)
    if out < 1:
        raise ValueError("impossible")
    return out


@known.mistake(
    "pool_stride_defaults_to_one",
    de="Beim Pooling wurde ohne Angabe Stride 1 verwendet; der Standard ist Stride = Fenstergröße k "
       "(nicht überlappende Fenster).",
    en="Pooling used stride 1 when none was given; the default is stride = window size k "
       "(non-overlapping windows).",
    hint_de="Im Max-Pooling-Beispiel der Vorlesung werden 2x2-Quadrate ohne Überlappung auf je ein Pixel "
            "abgebildet (Gl. (79)).",
    hint_en="In the lecture's max-pooling example, 2x2 squares are mapped to one pixel each without overlap (eq. (79)).",
)
def pool_output_size(n, k, stride=None, padding=0):
    k = _int(k, "k", 1)
    stride = 1 if stride is None else stride
    if _int(padding, "padding", 0) * 2 > k:
        raise ValueError("impossible")
    return conv_output_size(n, k, padding, stride, 1)


NOT_REJECTED = dict(
    de="Eine unmögliche Konfiguration wurde nicht mit ValueError abgelehnt (z. B. ein Kernel, der nicht in "
       "die gepolsterte Eingabe passt, Stride 0 oder eine Ausgabegröße < 1); stattdessen kam eine Zahl oder "
       "ein anderer Fehler heraus.",
    en="An impossible configuration was not rejected with ValueError (e.g. a kernel that does not fit into "
       "the padded input, stride 0, or an output size < 1); a number or another error came out instead.",
    hint_de="Prüfe die Eingaben und das Ergebnis, bevor du es zurückgibst; die Aufgabenstellung listet die "
            "unmöglichen Fälle.",
    hint_en="Check the inputs and the result before you return it; the statement lists the impossible cases.",
)


@known.mistake("impossible_sizes_not_rejected", **NOT_REJECTED)
def conv_output_size(n, k, padding=0, stride=1, dilation=1):
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


@known.mistake("impossible_sizes_not_rejected", **NOT_REJECTED)
def pool_output_size(n, k, stride=None, padding=0):
    return conv_output_size(n, k, padding, k if stride is None else stride, 1)


@known.mistake("impossible_sizes_not_rejected", **NOT_REJECTED)
def transposed_conv_output_size(n, k, padding=0, stride=1, dilation=1, output_padding=0):
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1


@known.mistake("impossible_sizes_not_rejected", **NOT_REJECTED)
def conv_param_count(in_channels, out_channels, k, bias=True):
    kh, kw = (k, k) if isinstance(k, int) else k
    return out_channels * in_channels * kh * kw + (out_channels if bias else 0)


@known.mistake("impossible_sizes_not_rejected", **NOT_REJECTED)
def receptive_field(layers):
    r, jump = 1, 1
    for k, stride, dilation in layers:
        r += dilation * (k - 1) * jump
        jump *= stride
    return r

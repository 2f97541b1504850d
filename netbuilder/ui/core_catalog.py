"""The core's message templates, for ``pyside6-lupdate`` (generated, do not edit).

Made by ``scripts/update_translations.py`` from every literal ``msg("...")`` of
``netbuilder/core``; :func:`netbuilder.ui.core_text.tr_core` translates them.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

TEMPLATES = (
    QT_TRANSLATE_NOOP("core", " — insert Embedding?"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'edges' must be a list"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'frozen' must be true or false"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'graph' must be an object with nodes and edges"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'label' must be text"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'nodes' must be a list"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'params' must be an object"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'port' must be a whole number"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'pos' must be two finite numbers within ±{MAX_POS:.0e}"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'{key}' must be text"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'{key}' must name a node of this graph"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'{name}' holds {what}; remove it"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'{node_id}' is not a valid node id (letters, digits, _)."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'{part}' cannot name a layer: it is a Python keyword (pick e.g. 'my_{part}')."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "'{strip}' cannot name a layer: use at most {LABEL_MAX} letters, digits and _ (not first a digit), or a module path such as features.0."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "A block cannot feed itself."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "A node called '{node_id}' already exists."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "A project file must hold a JSON object"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Add input {i} is {shape} but input 1 is {ins}; they must be equal."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Cannot read {shown}: {value}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Cannot write {target}: the text holds {char}, which is not text (a lone surrogate)."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Cannot write {target}: {value}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Concat dim={dim} does not fit inputs of {first}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Concat input {value} is {shape} but input 1 is {first}; all sizes except dim {dim} must match."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Embedding expects a sequence of token ids (L) but gets {x} — use an Input of kind 'tokens'."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Embedding has {num_embeddings} rows but the tokens take {vocab} different ids — set num_embeddings to at least {vocab}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Flatten gets a scalar; there is nothing to flatten."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Flatten start_dim={start_dim}, end_dim={end_dim} do not fit a batch of {ins}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "GroupNorm gets {x} channels ({x2}), which num_groups={num_groups} does not divide — choose a divisor of {x}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Input '{ports}' of {target} is already fed by {nodes}; remove that link first."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Input port {value} of {node} is linked; remove that link before reducing the inputs."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "InstanceNorm2d needs more than one pixel per channel but gets {x} — remove a pooling layer or normalise earlier."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Linear expects a flat vector but gets a scalar."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Linear expects a flat vector but gets {x} — insert Flatten?"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Linking {source} to {target} would make a loop; networks here must flow one way."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Multiply input {i} is {shape} but input 1 is {ins}; each size must be equal or 1 (C×1×1 gates C×H×W)."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Multiply input {i} is {shape} but input 1 is {ins}; inputs need the same number of dimensions — Reshape {short} to {fix}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Reshape cannot view {ins} ({total} values) with {target}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Reshape shape may hold one −1 and no 0."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Reshape to {target} needs {known} values but the input {ins} has {total}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "That link does not exist."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The document is too large to be a project file."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The document version must be a positive whole number"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The file holds a number with thousands of digits; it is not a NetBuilder project."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The file holds {name}, which is not a valid number in a project."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The file is nested too deeply to be a NetBuilder project."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The file is not UTF-8 text; it is not a NetBuilder project."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "The file is not valid JSON (line {lineno}, column {colno}): {msg}; it may be truncated or damaged."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "There is no file {shown}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "There is no node '{node_id}'."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "These ports are already linked."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "This is not a NetBuilder project (no \"format\": \"netbuilder\")"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "This project was saved by a newer NetBuilder (format version {version}; this one reads up to {VERSION}). Update NetBuilder to open it"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "Upsample scale_factor {scale_factor:g} shrinks {x} to nothing — use a larger scale_factor."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a bidi control character ({code}), which could disguise the text"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a control character ({code})"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a graph must be an object with nodes and edges"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a line break or tab ({code}), which this one-line field cannot hold"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a lone surrogate ({code}), which is not text"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a node must be an object"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a node needs a text 'id'"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a node needs a text 'type'"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a sequence C×L"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "a vector or a C×L sequence"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "an edge must be an object"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "an image C×H×W"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "channels and at least one more dimension (C×L or C×H×W)"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "input '{ports}'"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "insert Reshape to make it an image"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "the graph has more than {MAX_NODES} nodes"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "this node cannot be read"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "unknown block type '{type_name}'"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "unknown key '{key}'"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "use Conv2d for images"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "use Dropout otherwise"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "use MaxPool2d / AvgPool2d for images"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "waiting for input"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{block} expects {wants} but gets {got}{tail}"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{key} is not a parameter of this block."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} grew beyond {limit} while it was read; project files are smaller, so this is not one."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} is {st_size}; project files are at most {limit}, so this is not one."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be a finite number."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be a list of whole numbers."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be a number."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be a whole number."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be at least {minimum} (got {value})."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be at most {maximum} (got {value})."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be one number or two."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be one of: {options}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} must be true or false."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{name} needs a value."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{shown} is a folder, not a project file."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{shown} is not a usable file name."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{shown} is {kind}, not a project file; choose a saved project."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type_name} gets token ids — add an Embedding first."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type_name} has no input, so it cannot sit on a link."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type_name} needs token ids (integers) but gets floating-point values — feed it from an Input of kind 'tokens'."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} dim={dim} is not a feature dimension of a {rank}-D batch (use 1..{value} or -1)."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} expects a sequence L×features but gets {x}{hint}"),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} gets {channels} input channels, which groups={groups} does not divide — change groups."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} gets {x} input channels, which groups={groups} does not divide — change groups."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} has no input port {value}."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} has no input port; data starts here."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} has no {what}: connect a layer to it."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} kernel {kernel}{dil} is larger than the padded input {axis} {value} of {x} — use a smaller kernel or more padding."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} padding {padding} removes the whole output {_AXES} of {x} — use less padding or a larger kernel."),  # noqa: E501
    QT_TRANSLATE_NOOP("core", "{type} window {kernel} is larger than the input {axes} {n} of {x} — use a smaller kernel_size or remove a pooling layer."),  # noqa: E501
)

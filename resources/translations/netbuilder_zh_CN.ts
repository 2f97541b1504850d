<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Autosave</name>
    <message>
        <source>Autosave failed: {exc}</source>
        <extracomment>The lock of this process&apos;s session, per autosave folder (held while the app runs).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: cannot create {folder} ({value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover unsaved changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NetBuilder ended without saving “{name}”. Its changes were autosaved at {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore opens them as an unsaved document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (your file {origin} is unchanged).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Discard deletes the autosave.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restore</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasArrange</name>
    <message>
        <source>Auto-layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top to bottom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>left to right</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasClipboard</name>
    <message>
        <source>it is larger than a project file may be</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not valid JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was not copied from NetBuilder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard&apos;s blocks cannot be pasted: {reason}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasCompositeFrame</name>
    <message>
        <source>{toolTip}
A layer inside {title}: change it through {title}&apos;s parameters.</source>
        <extracomment>Margin between the frame&apos;s edge and the inner cards. Breadth of the point where the block&apos;s input enters the frame.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasExport</name>
    <message>
        <source>Could not write the image to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NetBuilder network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the drawing to {path}.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasLinkGesture</name>
    <message>
        <source>Link refused: {error}</source>
        <extracomment>At most this many cards get their ports checked when a drag starts.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-route link</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasMinimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <extracomment>The minimap fits in a square of this many pixels, keeping the network&apos;s proportions. Distance from the canvas&apos; corner.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasNodeItem</name>
    <message>
        <source>{params} params · {flops} FLOPs</source>
        <extracomment>Port identifiers: ``(&quot;in&quot;, index)`` or ``(&quot;out&quot;, 0)``. One line of card text: box, font, colour role, text, alignment. False for read-only cards (the layers inside an expanded composite). Ports on the top/bottom edges (top-to-bottom layout) rather than the sides. Optional lines under the stats (View → Show on Cards, see ``card_extras``).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{FROZEN_BADGE} frozen · {stats_line}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: waiting for input — an upstream layer has no shape yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title}: output {shape}
{params} parameters{value}
{flops} {flops_unit} per sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasQuickAdd</name>
    <message>
        <source>Type a block: conv, relu, dense, pool…</source>
        <extracomment>Rows shown without scrolling.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No block matches “{strip}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add after {link}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add before {link}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} added without a link: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} added without a link: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasScene</name>
    <message>
        <source>The document is locked.</source>
        <extracomment>Flow of the layout (&quot;TB&quot; or &quot;LR&quot;): where the cards&apos; ports sit. Node id → (dx, dy) it is shown shifted by, making room for open composites. Bend points (document coordinates) of long links while their cards stay where the layered layout put them.</extracomment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <source>Auto-layout</source>
        <extracomment>A zoom gesture has settled this long after its last step; cards are redrawn crisp. Where the cursor holds a dropped card: the middle of its title bar. False until the user pans or zooms; while False a resize refits the network</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lay Out Left to Right</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} link(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut {what}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The clipboard holds no blocks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} placed beside the link: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Block…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CanvasZoomLabel</name>
    <message>
        <source>Canvas zoom (Ctrl+0: 100 %, F: fit the network)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodeWorker</name>
    <message>
        <source>The code preview&apos;s worker process cannot start.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Add {type_name}</source>
        <extracomment>Parameter changes closer together than this (seconds) merge when asked to.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add {type_name} {graph}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} has no input, so nothing can feed it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That input port is taken or does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add {type_name} {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> after {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> before {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete {names}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect {graph}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect {graph}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename {name} → {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unfreeze layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste {count} block(s)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> input {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A block&apos;s position must be two finite numbers within ±{MAX_POS:.0e}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That link does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A link joins a block that is not part of the group.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert {type_name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insert {type_name} between {names} and {names2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} has no input port; it cannot sit on a link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change training settings</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <source>FLOPs (MACs)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOPs (2×MACs)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>NetBuilder projects (*.json *.netbuilder);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch &amp;Module (model.py)…</source>
        <extracomment>Per export kind of :data:`netbuilder.export.kinds.KINDS` (a test keeps them equal): the menu entry, the dialog title, the suggested file name and the file filter.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export PyTorch module</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export ONNX</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONNX (*.onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Training Script (train.py)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export training script</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch Module with &amp;trained weights…</source>
        <extracomment>Export kinds that can carry trained weights, with their menu entries.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ONNX with trained &amp;weights…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt *.pth);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
… and {value} more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save changes to “{document_name}” before closing it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trained weights (a run&apos;s model.pt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{title} with trained weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export canvas as {upper}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FixActions</name>
    <message>
        <source>The fix no longer applies: {exc}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{error}
Click to {lower}{title} (one undo step).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canvas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search commands or keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a preset</source>
        <extracomment>The steps of Getting Started: title, what to do, the button&apos;s text.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets → LeNet5 opens a classic network: every block shows its output shape, parameters and FLOPs, and the Summary below lists them with totals.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open LeNet5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change a parameter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Click a block (here the first convolution) and edit it in the Inspector, e.g. out_channels 6 → 16. Shapes, parameters and FLOPs downstream update at once; Ctrl+Z undoes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the first convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Training panel trains on the built-in digits data set (no download). Press Train and watch loss and accuracy grow.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File → Export writes model.py (readable PyTorch), train.py or ONNX — the same network you see.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export model.py…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Getting Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Build, check, train and export a first network.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Select one block to edit its parameters.</source>
        <extracomment>Pause after the last keystroke before a typed value applies (milliseconds).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer name in the summary and in exported code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Frozen (not trained)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep this layer&apos;s weights fixed while training: its parameters count as non-trainable and the optimizer leaves them alone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{ids} blocks selected; select one to edit it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (frozen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is locked.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language is now English. Restart NetBuilder to show the whole window in it.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Training is running; stop it to edit the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping training… the window closes when the current batch is done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;original document&gt;</source>
        <extracomment>How every view shows FLOPs and colours; the views subscribe to it.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Problems</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start an empty network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a project file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the project under a new name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit NetBuilder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export with the trained weights of a run (its model.pt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Canvas as &amp;{upper}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo &amp;History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fit Network in View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto &amp;Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arrange the blocks in layers, branches side by side</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count FLOPs as 2 per Multiply-Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Like torch.utils.flop_counter; off: 1 per multiply-add (half of it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Summary: Show Layers Inside Composite Blocks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the inner layers of Inception, Residual, VGG and NiN blocks with their stats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About NetBuilder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow the system&apos;s light or dark setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Put every panel back in its default place and size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every command with a shortcut, searchable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A first network in four steps: open, change, train, export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show on &amp;Cards</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Params {params}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Params {params} ({trainable} trainable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{params} parameters, {trainable} trainable ({frozen} frozen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{params} parameters, {trainable} trainable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{buffers} non-trainable buffers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{flops} {flops_unit} per sample (batch 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ 1 error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ {count} errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See the Problems panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>✓ valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every block has an output shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;{app} {version}&lt;/b&gt;&lt;p&gt;Design neural networks by drag and drop, see exact shapes, parameters and FLOPs, train them and export clean PyTorch.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Search blocks…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamEditors</name>
    <message>
        <source>{help} (height)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{help} (width)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Square: height and width stay equal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pad so the output has the input&apos;s size (stride 1 only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Let the block choose (for a pool stride: equal to the kernel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pad so the output has the input&apos;s length (stride 1 only)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>Show Block</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make this fix (one undo step); the arrow lists others</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <source>Layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Params</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} layers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{params} trainable parameters
{buffers} non-trainable buffers
weights: {weights} as float32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{flops} {flops_unit} per sample (batch 1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sums over every layer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per sample, in {flops_unit}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{params} parameters (frozen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{params} parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{flops} {flops_unit} per sample</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingConfusion</name>
    <message>
        <source>{total:,} validation samples, accuracy {acc:.3f}</source>
        <extracomment>Above this many classes the cells carry no count (they would be unreadable).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true class</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix: after training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix: {matrix} (rows: true class, columns: predicted; colour: share of the row).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingDashboard</name>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps: after training.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingDock</name>
    <message>
        <source>Settings</source>
        <extracomment>Width of the left column (settings, controls, runs) before the screen&apos;s scale factor. Widgets of the parts, also reachable on the dock (``dock.epochs_box`` …). Why this run&apos;s results are not kept (&quot;&quot; while they are).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show or hide the training settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the data and compiling the network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the run {name} into the network…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{infos} runs overlaid: validation solid, training dashed, one colour each.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run {id}: {epochs_done} epoch(s) on {dataset}, best val acc {best}. Load it for predictions and feature maps.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the run {name} and its weights? This cannot be undone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted the run {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set-up before the first batch: {seconds:.1f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Its results will not be kept: {not_kept}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Results are kept in {run}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training on {dataset}: {train:,} train / {val:,} val samples.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run&apos;s results will not be kept: {sentence}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · batch {batch}/{batches} · loss {losses:.4f} · {rate:,.0f} samples/s · ETA {eta}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training failed: {last_message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded the run {run} into the network (best weights): its predictions and feature maps are in the Results tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · val_acc {acc:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Kept in run {name}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{word} after {epochs} epoch(s) on {device}{tail}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot train this network</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <source>folder or file (mnist, cifar10, csv, images, names)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the data folder or file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning-rate schedule over the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TensorBoard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also write TensorBoard event files into the run folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compile the network first (faster on a GPU after a warm-up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Train on every GPU at once (DDP under torchrun)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingHintBar</name>
    <message>
        <source>&lt;b&gt;Hint:&lt;/b&gt; {message} {cause}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change the training settings; press Train to try again</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingImages</name>
    <message>
        <source>Conv layer whose kernels are drawn</source>
        <extracomment>Tiles drawn at most per kernel grid (output × input channels). Feature maps drawn at most.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernels: no conv layer yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernels: this network has no conv layer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernels of {name} ({dims})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Layer whose output is drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Validation sample (numbered as in the predictions)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The chosen layer&apos;s output for the chosen sample</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps: after training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps of</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps of {name} for validation sample {index} ({dims})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Feature maps: {message}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingInfo</name>
    <message>
        <source>Status</source>
        <extracomment>Rows of the panel: key → title.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Samples/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Device</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best val acc</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>Loss</source>
        <extracomment>Weight of the newest batch loss in the smoothed training curve. Colours of overlaid runs (one per run, repeating).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train (batch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>train (epoch)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingPredictions</name>
    <message>
        <source>Sample predictions: after training.</source>
        <extracomment>Pictures shown at most. Side of a picture in pixels (before the screen&apos;s scale factor).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sample predictions: the first {pairs} validation samples, {hits} right (predicted class, ✗ with the true class).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingRunsView</name>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Best val</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{id}
network {name} · {status} on {value}
started {value2}
{path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Curves and confusion matrix; select several to overlay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue training this run up to the Epochs setting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load its best weights into the network for predictions and feature maps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{runs} run(s) in {folder}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingStatus</name>
    <message>
        <source>loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading the run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>training</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>The run {id} already trained {epochs_done} epoch(s); set Epochs above {epochs_done} to continue it.</source>
        <extracomment>Seconds between two kernel pictures sent to the GUI while an epoch runs. The run folder written (or loaded), once known.</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{count} GPUs (DDP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The run on {count} GPUs failed (exit status {status}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>they are drawn after training.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>multiply-adds</source>
        <extracomment>Two FLOPs per multiply-add (``torch.utils.flop_counter.FlopCounterMode``).</extracomment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOPs (2 per multiply-add)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FLOPs ×2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>blocks</name>
    <message>
        <source>&apos;sequence&apos;: every step (L×H); &apos;last&apos;: the final hidden state of the last layer (H; bidirectional: each direction&apos;s final state, forward then backward, 2H — torch&apos;s h_n[-2] and h_n[-1]).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 / (1 + e^−x), element by element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1-D convolution over a C×L sequence; in_channels is inferred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1×1 conv, 3×3 conv (with the stride), 1×1 conv to 4× the channels, each with BN; added to a shortcut, then ReLU (torchvision&apos;s ResNet-50 block).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1×1 expansion (×expand_ratio), depthwise 3×3, linear 1×1 projection, with BN and ReLU6; the input is added when stride is 1 and channels stay (MobileNetV2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1×1 projection after the pooling branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1×1 reduction before the 3×3 branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1×1 reduction before the 5×5 branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1×1 squeeze conv + ReLU, then 1×1 and 3×3 expand convs + ReLU, concatenated.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>2-D convolution over a C×H×W image; in_channels is inferred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Activation of the cell.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a learnable bias per output channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a learnable bias.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added to the variance for numerical stability.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Additive factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Also run the sequence backwards.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Average-pools any H×W to a fixed size; 1×1 is global average pooling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BN, ReLU, 1×1 conv (fewer channels), 2×2 average pooling, between dense blocks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bilinear only: align the corner pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bottleneck width; the output has 4× as many.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels each layer adds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of every convolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 1×1 branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 1×1 conv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 1×1 expand conv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 1×1 squeeze conv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 3×3 branch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 3×3 expand conv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the 5×5 branch (3×3 in torchvision).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the projection (the output).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Channels of the three convolutions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Composite</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the nearest pixel or interpolate linearly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count the zero padding in the mean.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimension to join along, batch is 0 (1 = channels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dimension to normalise, counted as in PyTorch with the batch as 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Divides each channel by the activity of its neighbours (the original AlexNet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout after each layer (training only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dropout between stacked layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Element-wise product of inputs; a size 1 broadcasts (C×1×1 gates C×H×W, as in squeeze-excitation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Element-wise sum of inputs of equal shape (a residual connection).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Elman RNN h_t = tanh(W_ih x_t + W_hh h_(t−1) + b); input L×features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exact or tanh approximation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exponent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra rows and columns added on one side (smaller than stride or dilation).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Factor for height and width (empty: use size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First dimension to flatten (batch is 0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flattens C×H×W into one vector, ready for Linear.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Four parallel branches (1×1, 3×3, 5×5, pool) joined along channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully connected layer y = xWᵀ + b; in_features is inferred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GRU with reset and update gates; input L×features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hidden channels per input channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many trailing dimensions to normalise over.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hyperbolic tangent, element by element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image channels (1 grey, 3 colour).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image height in pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Image width in pixels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Implicit padding at each end.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Implicit padding on each side.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep running mean and variance (buffers) for evaluation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kernel of the first convolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LSTM with input, forget, cell and output gates; input L×features.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last dimension to flatten (−1: the last).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn a scale and a shift per channel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learn a scale and a shift per element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Learnable biases b_ih and b_hh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of each vector.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Length of the pooling window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maps each token id of an L-long sequence to a learned vector (L×dim).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Max-pools any H×W to a fixed size; 1×1 is global max pooling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum over each window of a C×H×W image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Maximum over each window of a C×L sequence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over each window of a C×H×W image.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean over each window of a C×L sequence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Merge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiplicative factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New shape without the batch; −1 is inferred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises each channel of a C×H×W image over the batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises each channel of each C×H×W image on its own (style transfer).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises each feature of a vector (or channel of a C×L sequence) over the batch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises each sample over its last dimension(s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalises groups of channels of each sample (independent of the batch size).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of 3×3 convolutions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of channel groups (must divide the channels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of dense layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of distinct token ids (tokens only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of input ports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of neighbouring channels used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of output channels (filters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of output channels.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number of outputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output channels of both convolutions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output height and width (empty: use scale_factor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output height and width.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Padding of the first convolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability of zeroing an element during training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ReLU6(x + 3)/6, element by element (MobileNetV3 gates).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resizes a C×H×W image by scale_factor or to a size (nearest or bilinear).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Round the output size up instead of down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows and columns removed from each side of the output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sequence length (steps).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the convolution window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the hidden state.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the pooling window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size of the vocabulary (token ids 0..n−1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Slope for negative inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spacing between kernel elements.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Spacing between window elements.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split channels into groups (depthwise when = channels).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split channels into groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacked recurrent layers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacks inputs along a dimension (channels by default), like torch.cat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step of the window (empty: same as the kernel).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step of the window in the output (the upsampling factor).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step of the window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride of the 3×3 conv and the shortcut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride of the depthwise conv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride of the first conv and the shortcut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stride of the first convolution.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The data entering the network: image C×H×W, vector, tokens (L) or sequence L×F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transposed 2-D convolution (learned upsampling); in_channels is inferred.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Turns scores into probabilities along one dimension.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two 3×3 conv+BN layers added to a shortcut (identity or 1×1 conv), then ReLU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vector length, or features per sequence step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Views each sample with a new shape; one dimension may be −1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weight of the new batch in running statistics.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width of the 1×1 conv per unit of growth.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeroes each element with probability p while training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeroes whole channels of a C×H×W image with probability p while training.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zeros added on each side; &apos;same&apos; keeps the size (stride 1 only).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auto: a 1×1 conv when stride or channels change, else identity.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>googlenet: torchvision (BN convs, 3×3 third branch); d2l: conv+ReLU with 5×5; mnist: the course&apos;s 88-channel block (avg-pool branch, two 3×3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>image: C×H×W; vector: F; tokens: L integer ids; sequence: L×F.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>k×k conv then two 1×1 convs (per-pixel MLP), each followed by ReLU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>log(softmax(x)) along one dimension (pair it with NLLLoss).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max(0, x) + slope·min(0, x), element by element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>max(0, x), element by element.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>min(max(0, x), 6), element by element (MobileNetV2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>n × (3×3 conv, padding 1, ReLU) followed by 2×2 max pooling.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>num_layers × (BN, ReLU, 1×1 conv to bn_size·growth, BN, ReLU, 3×3 conv to growth), each layer&apos;s output concatenated to all earlier features (DenseNet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>torchvision: BasicBlock (convs without bias, 1×1 conv+BN shortcut); d2l: convs with bias, plain 1×1 conv shortcut.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x·ReLU6(x + 3)/6, element by element (MobileNetV3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x·sigmoid(x) (swish), element by element (EfficientNet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>x·Φ(x), the activation of transformers.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source> (dilation {d})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — insert Embedding?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> — {hint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;edges&apos; must be a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;frozen&apos; must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;graph&apos; must be an object with nodes and edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;label&apos; must be text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;nodes&apos; must be a list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;params&apos; must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;port&apos; must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;pos&apos; must be two finite numbers within ±{MAX_POS:.0e}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must name a node of this graph</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{name}&apos; holds {what}; remove it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{node_id}&apos; is not a valid node id (letters, digits, _).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{part}&apos; cannot name a layer: it is a Python keyword (pick e.g. &apos;my_{part}&apos;).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&apos;{strip}&apos; cannot name a layer: use at most {LABEL_MAX} letters, digits and _ (not first a digit), or a module path such as features.0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A block cannot feed itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A node called &apos;{node_id}&apos; already exists.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A project file must hold a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add input {i} is {shape} but input 1 is {ins}; they must be equal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read {shown}: {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {target}: the text holds {char}, which is not text (a lone surrogate).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write {target}: {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concat dim={dim} does not fit inputs of {first}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Concat input {value} is {shape} but input 1 is {first}; all sizes except dim {dim} must match.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding expects a sequence of token ids (L) but gets {x} — use an Input of kind &apos;tokens&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Embedding has {num_embeddings} rows but the tokens take {vocab} different ids — set num_embeddings to at least {vocab}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flatten gets a scalar; there is nothing to flatten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Flatten start_dim={start_dim}, end_dim={end_dim} do not fit a batch of {ins}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GroupNorm gets {x} channels ({x2}), which num_groups={num_groups} does not divide — choose a divisor of {x}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input &apos;{ports}&apos; of {target} is already fed by {nodes}; remove that link first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input port {value} of {node} is linked; remove that link before reducing the inputs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>InstanceNorm2d needs more than one pixel per channel but gets {x} — remove a pooling layer or normalise earlier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear expects a flat vector but gets a scalar.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear expects a flat vector but gets {x} — insert Flatten?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linking {source} to {target} would make a loop; networks here must flow one way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiply input {i} is {shape} but input 1 is {ins}; each size must be equal or 1 (C×1×1 gates C×H×W).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multiply input {i} is {shape} but input 1 is {ins}; inputs need the same number of dimensions — Reshape {short} to {fix}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reshape cannot view {ins} ({total} values) with {target}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reshape shape may hold one −1 and no 0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reshape to {target} needs {known} values but the input {ins} has {total}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>That link does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document is too large to be a project file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The document version must be a positive whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds a number with thousands of digits; it is not a NetBuilder project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file holds {name}, which is not a valid number in a project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is nested too deeply to be a NetBuilder project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; it is not a NetBuilder project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file is not valid JSON (line {lineno}, column {colno}): {msg}; it may be truncated or damaged.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no file {shown}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no node &apos;{node_id}&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These ports are already linked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This is not a NetBuilder project (no &quot;format&quot;: &quot;netbuilder&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This project was saved by a newer NetBuilder (format version {version}; this one reads up to {VERSION}). Update NetBuilder to open it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upsample scale_factor {scale_factor:g} shrinks {x} to nothing — use a larger scale_factor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a bidi control character ({code}), which could disguise the text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a control character ({code})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a graph must be an object with nodes and edges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a line break or tab ({code}), which this one-line field cannot hold</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a lone surrogate ({code}), which is not text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a node must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a node needs a text &apos;id&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a node needs a text &apos;type&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a sequence C×L</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a vector or a C×L sequence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an edge must be an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an image C×H×W</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>channels and at least one more dimension (C×L or C×H×W)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>height</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>input &apos;{ports}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insert Reshape to make it an image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the graph has more than {MAX_NODES} nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this node cannot be read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown block type &apos;{type_name}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown key &apos;{key}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use Conv2d for images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use Dropout otherwise</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>use MaxPool2d / AvgPool2d for images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>waiting for input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>width</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{block} expects {wants} but gets {got}{tail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{key} is not a parameter of this block.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} grew beyond {limit} while it was read; project files are smaller, so this is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} is {st_size}; project files are at most {limit}, so this is not one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a finite number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a list of whole numbers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be a whole number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be at least {minimum} (got {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be at most {maximum} (got {value}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be one number or two.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be one of: {options}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} must be true or false.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name} needs a value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} is a folder, not a project file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} is not a usable file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{shown} is {kind}, not a project file; choose a saved project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} gets token ids — add an Embedding first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} has no input, so it cannot sit on a link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type_name} needs token ids (integers) but gets floating-point values — feed it from an Input of kind &apos;tokens&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} dim={dim} is not a feature dimension of a {rank}-D batch (use 1..{value} or -1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} expects a sequence L×features but gets {x}{hint}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} gets {channels} input channels, which groups={groups} does not divide — change groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} gets {x} input channels, which groups={groups} does not divide — change groups.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} has no input port {value}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} has no input port; data starts here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} has no {what}: connect a layer to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} kernel {kernel}{dil} is larger than the padded input {axis} {value} of {x} — use a smaller kernel or more padding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} padding {padding} removes the whole output {_AXES} of {x} — use less padding or a larger kernel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{type} window {kernel} is larger than the input {axes} {n} of {x} — use a smaller kernel_size or remove a pooling layer.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>

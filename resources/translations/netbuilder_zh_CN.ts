<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Autosave</name>
    <message>
        <source>Autosave failed: {exc}</source>
        <extracomment>The lock of this process&apos;s session, per autosave folder (held while the app runs).</extracomment>
        <translation>自动保存失败:{exc}</translation>
    </message>
    <message>
        <source>Autosave failed: cannot create {folder} ({value}).</source>
        <translation>自动保存失败:无法创建 {folder}({value})。</translation>
    </message>
    <message>
        <source>Recover unsaved changes?</source>
        <translation>恢复未保存的更改?</translation>
    </message>
    <message>
        <source>NetBuilder ended without saving “{name}”. Its changes were autosaved at {when}.</source>
        <translation>NetBuilder 上次退出时没有保存“{name}”。其更改已于 {when} 自动保存。</translation>
    </message>
    <message>
        <source>Restore opens them as an unsaved document</source>
        <translation>“恢复”会把它们作为未保存的文档打开</translation>
    </message>
    <message>
        <source> (your file {origin} is unchanged).</source>
        <translation>(你的文件 {origin} 保持不变)。</translation>
    </message>
    <message>
        <source> Discard deletes the autosave.</source>
        <translation>“丢弃”会删除自动保存的副本。</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Cannot restore</source>
        <translation>无法恢复</translation>
    </message>
</context>
<context>
    <name>CanvasArrange</name>
    <message>
        <source>Auto-layout</source>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>top to bottom</source>
        <translation>从上到下</translation>
    </message>
    <message>
        <source>left to right</source>
        <translation>从左到右</translation>
    </message>
</context>
<context>
    <name>CanvasClipboard</name>
    <message>
        <source>it is larger than a project file may be</source>
        <translation>它超过了项目文件允许的大小</translation>
    </message>
    <message>
        <source>it is not valid JSON</source>
        <translation>它不是有效的 JSON</translation>
    </message>
    <message>
        <source>it was not copied from NetBuilder</source>
        <translation>它不是从 NetBuilder 复制的</translation>
    </message>
    <message>
        <source>The clipboard&apos;s blocks cannot be pasted: {reason}.</source>
        <translation>无法粘贴剪贴板中的模块:{reason}。</translation>
    </message>
</context>
<context>
    <name>CanvasCompositeFrame</name>
    <message>
        <source>{toolTip}
A layer inside {title}: change it through {title}&apos;s parameters.</source>
        <extracomment>Margin between the frame&apos;s edge and the inner cards. Breadth of the point where the block&apos;s input enters the frame.</extracomment>
        <translation>{toolTip}
这是 {title} 内部的层:请通过 {title} 的参数修改它。</translation>
    </message>
</context>
<context>
    <name>CanvasExport</name>
    <message>
        <source>Could not write the image to {path}.</source>
        <translation>无法把图像写入 {path}。</translation>
    </message>
    <message>
        <source>NetBuilder network</source>
        <translation>NetBuilder 网络</translation>
    </message>
    <message>
        <source>Could not write the drawing to {path}.</source>
        <translation>无法把图形写入 {path}。</translation>
    </message>
</context>
<context>
    <name>CanvasLinkGesture</name>
    <message>
        <source>Link refused: {error}</source>
        <extracomment>At most this many cards get their ports checked when a drag starts.</extracomment>
        <translation>无法连接:{error}</translation>
    </message>
    <message>
        <source>Re-route link</source>
        <translation>重新连接</translation>
    </message>
</context>
<context>
    <name>CanvasMinimap</name>
    <message>
        <source>Overview: click or drag to move the view</source>
        <extracomment>The minimap fits in a square of this many pixels, keeping the network&apos;s proportions. Distance from the canvas&apos; corner.</extracomment>
        <translation>概览:单击或拖动以移动视图</translation>
    </message>
</context>
<context>
    <name>CanvasNodeItem</name>
    <message>
        <source>{params} params · {flops} FLOPs</source>
        <extracomment>Port identifiers: ``(&quot;in&quot;, index)`` or ``(&quot;out&quot;, 0)``. One line of card text: box, font, colour role, text, alignment. False for read-only cards (the layers inside an expanded composite). Look version and cache key of the last image drawn (see :meth:`stand_in`) Where the full card shows its shape, params and FLOPs (item coordinates). Ports on the top/bottom edges (top-to-bottom layout) rather than the sides. Optional lines under the stats (View → Show on Cards, see ``card_extras``).</extracomment>
        <translation>参数量 {params} · 计算量 {flops}</translation>
    </message>
    <message>
        <source>{FROZEN_BADGE} frozen · {stats_line}</source>
        <translation>{FROZEN_BADGE} 已冻结 · {stats_line}</translation>
    </message>
    <message>
        <source>{title}: waiting for input — an upstream layer has no shape yet.</source>
        <translation>{title}:等待输入 —— 上游的某一层还没有形状。</translation>
    </message>
    <message>
        <source>{title}: output {shape}
{params} parameters{value}
{flops} {flops_unit} per sample</source>
        <translation>{title}:输出 {shape}
参数量 {params}{value}
每个样本 {flops} {flops_unit}</translation>
    </message>
    <message>
        <source>⚠ error</source>
        <translation>⚠ 错误</translation>
    </message>
</context>
<context>
    <name>CanvasQuickAdd</name>
    <message>
        <source>Type a block: conv, relu, dense, pool…</source>
        <extracomment>Rows shown without scrolling.</extracomment>
        <translation>输入模块名:conv、relu、dense、pool…</translation>
    </message>
    <message>
        <source>No block matches “{strip}”.</source>
        <translation>没有与“{strip}”匹配的模块。</translation>
    </message>
    <message>
        <source>Add a block</source>
        <translation>添加模块</translation>
    </message>
    <message>
        <source>Add after {link}</source>
        <translation>添加到 {link} 之后</translation>
    </message>
    <message>
        <source>Add before {link}</source>
        <translation>添加到 {link} 之前</translation>
    </message>
    <message>
        <source>{type_name} added without a link: {reason}</source>
        <translation>已添加 {type_name},但未连接:{reason}</translation>
    </message>
    <message>
        <source>{type_name} added without a link: {exc}</source>
        <translation>已添加 {type_name},但未连接:{exc}</translation>
    </message>
</context>
<context>
    <name>CanvasScene</name>
    <message>
        <source>The document is locked.</source>
        <extracomment>Flow of the layout (&quot;TB&quot; or &quot;LR&quot;): where the cards&apos; ports sit. Node id → (dx, dy) it is shown shifted by, making room for open composites. Bend points (document coordinates) of long links while their cards stay where the layered layout put them. The dotted background (drawn in device pixels, see ``background``)</extracomment>
        <translation>文档已锁定。</translation>
    </message>
</context>
<context>
    <name>CanvasView</name>
    <message>
        <source>Auto-layout</source>
        <extracomment>A zoom gesture has settled this long after its last step; cards are redrawn crisp. Where the cursor holds a dropped card: the middle of its title bar. Called with the menu and the node id when a card&apos;s context menu opens, to add actions of other parts of the window (a group&apos;s &quot;Save to My Blocks&quot;). False until the user pans or zooms; while False a resize refits the network</extracomment>
        <translation>自动布局</translation>
    </message>
    <message>
        <source>Lay Out Left to Right</source>
        <translation>从左到右布局</translation>
    </message>
    <message>
        <source>Fit to window</source>
        <translation>适应窗口</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>放大</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>缩小</translation>
    </message>
    <message>
        <source>{count} link(s)</source>
        <translation>{count} 条连接</translation>
    </message>
    <message>
        <source>Delete {what}</source>
        <translation>删除 {what}</translation>
    </message>
    <message>
        <source>Cut {what}</source>
        <translation>剪切 {what}</translation>
    </message>
    <message>
        <source>The clipboard holds no blocks.</source>
        <translation>剪贴板中没有模块。</translation>
    </message>
    <message>
        <source>{type_name} placed beside the link: {reason}</source>
        <translation>{type_name} 已放在连接旁边:{reason}</translation>
    </message>
    <message>
        <source>Cut</source>
        <translation>剪切</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Add Block…</source>
        <translation>添加模块…</translation>
    </message>
</context>
<context>
    <name>CanvasZoomLabel</name>
    <message>
        <source>Canvas zoom (Ctrl+0: 100 %, F: fit the network)</source>
        <translation>画布缩放(Ctrl+0:100 %,F:适应整个网络)</translation>
    </message>
</context>
<context>
    <name>CardExtras</name>
    <message>
        <source>Training memory</source>
        <translation>训练内存</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
</context>
<context>
    <name>CodeWorker</name>
    <message>
        <source>The code preview&apos;s worker process cannot start.</source>
        <extracomment>Versions of the documents sent, unique in this process (every preview draws from it). Documents the worker keeps a copy of (the previews used last). The worker process&apos;s copies, per channel (most recently used last).</extracomment>
        <translation>代码预览的后台进程无法启动。</translation>
    </message>
</context>
<context>
    <name>Commands</name>
    <message>
        <source>Add {type_name}</source>
        <extracomment>Parameter changes closer together than this (seconds) merge when asked to.</extracomment>
        <translation>添加 {type_name}</translation>
    </message>
    <message>
        <source>Add {type_name} {graph}</source>
        <translation>添加 {type_name} {graph}</translation>
    </message>
    <message>
        <source>{type_name} has no input, so nothing can feed it.</source>
        <translation>{type_name} 没有输入端口,无法向它输入数据。</translation>
    </message>
    <message>
        <source>That input port is taken or does not exist.</source>
        <translation>该输入端口已被占用或不存在。</translation>
    </message>
    <message>
        <source>Add {type_name} {names}</source>
        <translation>添加 {type_name} {names}</translation>
    </message>
    <message>
        <source> after {names}</source>
        <translation>(在 {names} 之后)</translation>
    </message>
    <message>
        <source> before {names}</source>
        <translation>(在 {names} 之前)</translation>
    </message>
    <message>
        <source>Delete {names}</source>
        <translation>删除 {names}</translation>
    </message>
    <message>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Connect {graph}</source>
        <translation>连接 {graph}</translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation>断开连接</translation>
    </message>
    <message>
        <source>Disconnect {graph}</source>
        <translation>断开 {graph}</translation>
    </message>
    <message>
        <source>Set </source>
        <translation>设置 </translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Rename {name} → {value}</source>
        <translation>重命名 {name} → {value}</translation>
    </message>
    <message>
        <source>Freeze layer</source>
        <translation>冻结层</translation>
    </message>
    <message>
        <source>Unfreeze layer</source>
        <translation>解冻层</translation>
    </message>
    <message>
        <source>Move </source>
        <translation>移动 </translation>
    </message>
    <message>
        <source>Paste {count} block(s)</source>
        <translation>粘贴 {count} 个模块</translation>
    </message>
    <message>
        <source> input {value}</source>
        <translation> 输入 {value}</translation>
    </message>
    <message>
        <source>A block&apos;s position must be two finite numbers within ±{MAX_POS:.0e}.</source>
        <translation>模块的位置必须是两个在 ±{MAX_POS:.0e} 以内的有限数。</translation>
    </message>
    <message>
        <source>That link does not exist.</source>
        <translation>该连接不存在。</translation>
    </message>
    <message>
        <source>A link joins a block that is not part of the group.</source>
        <translation>有一条连接通向不属于该组的模块。</translation>
    </message>
    <message>
        <source>Insert {type_name}</source>
        <translation>插入 {type_name}</translation>
    </message>
    <message>
        <source>Insert {type_name} between {names} and {names2}</source>
        <translation>在 {names} 和 {names2} 之间插入 {type_name}</translation>
    </message>
    <message>
        <source>{type_name} has no input port; it cannot sit on a link.</source>
        <translation>{type_name} 没有输入端口,不能放在连接上。</translation>
    </message>
    <message>
        <source>Change training settings</source>
        <translation>修改训练设置</translation>
    </message>
</context>
<context>
    <name>Compare</name>
    <message>
        <source>Saved version on disk ({file})</source>
        <translation>磁盘上的已保存版本({file})</translation>
    </message>
    <message>
        <source>{file} (saved)</source>
        <translation>{file}(已保存)</translation>
    </message>
    <message>
        <source>Autosave of {time}</source>
        <translation>{time} 的自动保存</translation>
    </message>
    <message>
        <source>autosave {time}</source>
        <translation>自动保存 {time}</translation>
    </message>
    <message>
        <source>Preset: {name}</source>
        <translation>预设:{name}</translation>
    </message>
    <message>
        <source>vector</source>
        <extracomment>Colours of A and B, the same as their curves in the runs plots. A stage&apos;s size where that network has no such stage (its bar is empty). Width of one bar (a stage&apos;s pair of bars is 2 × this wide).</extracomment>
        <translation>向量</translation>
    </message>
    <message>
        <source>sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Compare Networks</source>
        <extracomment>Delay between an edit of the document and the refreshed comparison (ms).</extracomment>
        <translation>比较网络</translation>
    </message>
    <message>
        <source>Params per stage</source>
        <translation>各阶段参数量</translation>
    </message>
    <message>
        <source>Compare (A):</source>
        <translation>比较(A):</translation>
    </message>
    <message>
        <source>with (B):</source>
        <translation>与(B):</translation>
    </message>
    <message>
        <source>Open document</source>
        <translation>当前文档</translation>
    </message>
    <message>
        <source>Project file…</source>
        <translation>项目文件…</translation>
    </message>
    <message>
        <source>Compare a project</source>
        <translation>比较一个项目</translation>
    </message>
    <message>
        <source>Cannot compare {what}: {why}</source>
        <translation>无法比较 {what}:{why}</translation>
    </message>
    <message>
        <source>Compare with a project</source>
        <translation>与项目比较</translation>
    </message>
    <message>
        <source>Cannot compare with {what}: {why}</source>
        <translation>无法与 {what} 比较:{why}</translation>
    </message>
    <message>
        <source>{name} (open)</source>
        <translation>{name}(已打开)</translation>
    </message>
    <message>
        <source>{flops} per stage</source>
        <translation>各阶段{flops}</translation>
    </message>
    <message>
        <source>FLOPs (MACs)</source>
        <translation>计算量 FLOPs(MACs)</translation>
    </message>
    <message>
        <source>B − A</source>
        <translation>B − A</translation>
    </message>
    <message>
        <source>B / A</source>
        <translation>B / A</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Trainable params</source>
        <translation>可训练参数量</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Input shape</source>
        <translation>输入形状</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Loss and accuracy curves appear when a network has runs (A: {a}; B: {b}).</source>
        <translation>网络有运行记录时显示损失和准确率曲线(A:{a};B:{b})。</translation>
    </message>
    <message>
        <source>A and B: {run}</source>
        <translation>A 和 B:{run}</translation>
    </message>
    <message>
        <source>Latest runs, validation solid, training dashed: A {a}; B {b}.</source>
        <translation>最近的运行,验证为实线,训练为虚线:A {a};B {b}。</translation>
    </message>
</context>
<context>
    <name>Display</name>
    <message>
        <source>FLOPs (MACs)</source>
        <translation>计算量 FLOPs(MACs)</translation>
    </message>
    <message>
        <source>FLOPs (2×MACs)</source>
        <translation>计算量 FLOPs(2×MACs)</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>NetBuilder projects (*.json *.netbuilder);;All files (*)</source>
        <translation>NetBuilder 项目 (*.json *.netbuilder);;所有文件 (*)</translation>
    </message>
    <message>
        <source>PyTorch &amp;Module (model.py)…</source>
        <extracomment>Per export kind of :data:`netbuilder.export.kinds.KINDS` (a test keeps them equal): the menu entry, the dialog title, the suggested file name and the file filter.</extracomment>
        <translation>PyTorch 模块(model.py)(&amp;M)…</translation>
    </message>
    <message>
        <source>Export PyTorch module</source>
        <translation>导出 PyTorch 模块</translation>
    </message>
    <message>
        <source>Python (*.py)</source>
        <translation>Python 文件 (*.py)</translation>
    </message>
    <message>
        <source>Export ONNX</source>
        <translation>导出 ONNX</translation>
    </message>
    <message>
        <source>ONNX (*.onnx)</source>
        <translation>ONNX 文件 (*.onnx)</translation>
    </message>
    <message>
        <source>&amp;Training Script (train.py)…</source>
        <translation>训练脚本(train.py)(&amp;T)…</translation>
    </message>
    <message>
        <source>Export training script</source>
        <translation>导出训练脚本</translation>
    </message>
    <message>
        <source>PyTorch Module with &amp;trained weights…</source>
        <extracomment>Export kinds that can carry trained weights, with their menu entries.</extracomment>
        <translation>带训练权重的 PyTorch 模块(&amp;T)…</translation>
    </message>
    <message>
        <source>ONNX with trained &amp;weights…</source>
        <translation>带训练权重的 ONNX(&amp;W)…</translation>
    </message>
    <message>
        <source>PyTorch weights (*.pt *.pth);;All files (*)</source>
        <translation>PyTorch 权重 (*.pt *.pth);;所有文件 (*)</translation>
    </message>
    <message>
        <source>
… and {value} more</source>
        <translation>
……以及另外 {value} 项</translation>
    </message>
    <message>
        <source>Save changes?</source>
        <translation>保存更改?</translation>
    </message>
    <message>
        <source>Save changes to “{document_name}” before closing it?</source>
        <translation>关闭“{document_name}”之前保存更改吗?</translation>
    </message>
    <message>
        <source>Your changes are lost if you don&apos;t save them.</source>
        <translation>如果不保存,你的更改将会丢失。</translation>
    </message>
    <message>
        <source>Open project</source>
        <translation>打开项目</translation>
    </message>
    <message>
        <source>Cannot open project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Cannot open preset</source>
        <translation>无法打开预设网络</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Cannot save project</source>
        <translation>无法保存项目</translation>
    </message>
    <message>
        <source>Trained weights (a run&apos;s model.pt)</source>
        <translation>训练好的权重(某次运行的 model.pt)</translation>
    </message>
    <message>
        <source>{title} with trained weights</source>
        <translation>{title}(带训练权重)</translation>
    </message>
    <message>
        <source>Exporting {name}…</source>
        <translation>正在导出 {name}…</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Export canvas as {upper}</source>
        <translation>将画布导出为 {upper}</translation>
    </message>
</context>
<context>
    <name>FixActions</name>
    <message>
        <source>The fix no longer applies: {exc}</source>
        <translation>该修复已不再适用:{exc}</translation>
    </message>
    <message>
        <source>The document is locked.</source>
        <translation>文档已锁定。</translation>
    </message>
    <message>
        <source>Fix: {title}</source>
        <translation>修复:{title}</translation>
    </message>
    <message>
        <source>{error}
Click to {lower}{title} (one undo step).</source>
        <translation>{error}
单击以执行:{lower}{title}(可一步撤销)。</translation>
    </message>
</context>
<context>
    <name>FormulaNotes</name>
    <message>
        <source>no multiply-adds: 0 in this convention</source>
        <extracomment>The core&apos;s notes (plain English, pieces joined by &quot;; &quot;), marked for translation.</extracomment>
        <translation>没有乘加:按此约定计为 0</translation>
    </message>
    <message>
        <source>no learned weights</source>
        <translation>没有可学习的权重</translation>
    </message>
    <message>
        <source>the last window would start in the padding, so PyTorch drops it</source>
        <translation>最后一个窗口会从填充区开始,因此 PyTorch 将其丢弃</translation>
    </message>
    <message>
        <source>the data, not learned</source>
        <translation>数据本身,不是学习得到的</translation>
    </message>
    <message>
        <source>padding &apos;same&apos; keeps the size</source>
        <translation>padding &apos;same&apos; 保持大小不变</translation>
    </message>
    <message>
        <source>bias additions not counted</source>
        <translation>偏置的加法不计入</translation>
    </message>
    <message>
        <source>each input pixel meets the whole kernel once</source>
        <translation>每个输入像素与整个卷积核相乘一次</translation>
    </message>
    <message>
        <source>set by output_size</source>
        <translation>由 output_size 决定</translation>
    </message>
    <message>
        <source>set by size</source>
        <translation>由 size 决定</translation>
    </message>
    <message>
        <source>a scale and a shift per channel</source>
        <translation>每个通道一个缩放和一个平移</translation>
    </message>
    <message>
        <source>affine is off: nothing learned</source>
        <translation>affine 已关闭:没有可学习的参数</translation>
    </message>
    <message>
        <source>plus 2·c + 1 buffers (running mean and variance, batch count), not trained</source>
        <translation>另有 2·c + 1 个缓冲区(滑动均值和方差、批量计数),不参与训练</translation>
    </message>
    <message>
        <source>a scale and a shift per normalised element</source>
        <translation>每个被归一化的元素一个缩放和一个平移</translation>
    </message>
    <message>
        <source>elementwise_affine is off: nothing learned</source>
        <translation>elementwise_affine 已关闭:没有可学习的参数</translation>
    </message>
    <message>
        <source>element by element: the shape is kept</source>
        <translation>逐元素计算:形状不变</translation>
    </message>
    <message>
        <source>the final hidden state</source>
        <translation>最终隐状态</translation>
    </message>
    <message>
        <source>G gates per cell: 1 (RNN), 3 (GRU), 4 (LSTM)</source>
        <translation>每个单元 G 个门:1(RNN)、3(GRU)、4(LSTM)</translation>
    </message>
    <message>
        <source>layers after the first read D·H features</source>
        <translation>第一层之后的各层读入 D·H 个特征</translation>
    </message>
    <message>
        <source>layers after the first read H features</source>
        <translation>第一层之后的各层读入 H 个特征</translation>
    </message>
    <message>
        <source>every time step, layer and direction</source>
        <translation>每个时间步、每层、每个方向</translation>
    </message>
    <message>
        <source>a vector of e numbers per token id</source>
        <translation>每个词元 id 对应一个 e 维向量</translation>
    </message>
    <message>
        <source>a table lookup</source>
        <translation>查表</translation>
    </message>
    <message>
        <source>−1: whatever is left</source>
        <translation>−1:剩余的部分</translation>
    </message>
    <message>
        <source>the inputs side by side</source>
        <translation>输入并排拼接</translation>
    </message>
    <message>
        <source>a size 1 broadcasts</source>
        <translation>大小为 1 的维会广播</translation>
    </message>
    <message>
        <source>2 FLOPs per multiply-add</source>
        <translation>每次乘加计 2 个 FLOPs</translation>
    </message>
    <message>
        <source>no inner layer counts</source>
        <translation>没有内部层计入</translation>
    </message>
    <message>
        <source>the other inner layers count 0</source>
        <translation>其他内部层计为 0</translation>
    </message>
</context>
<context>
    <name>FormulaText</name>
    <message>
        <source>kernel size</source>
        <extracomment>Part lines of a composite shown before &quot;… and N more layers&quot;. A sum with more terms is written as &quot;the sum of the N layers above&quot;. What each symbol stands for (subscripts _h, _w name the axis; _1, _2 the input); marked for translation, translated when shown.</extracomment>
        <translation>卷积核大小</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>步幅</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>填充</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>膨胀</translation>
    </message>
    <message>
        <source>groups</source>
        <translation>分组数</translation>
    </message>
    <message>
        <source>output padding</source>
        <translation>输出填充</translation>
    </message>
    <message>
        <source>input channels</source>
        <translation>输入通道数</translation>
    </message>
    <message>
        <source>output channels</source>
        <translation>输出通道数</translation>
    </message>
    <message>
        <source>input height</source>
        <translation>输入高度</translation>
    </message>
    <message>
        <source>output height</source>
        <translation>输出高度</translation>
    </message>
    <message>
        <source>input width</source>
        <translation>输入宽度</translation>
    </message>
    <message>
        <source>output width</source>
        <translation>输出宽度</translation>
    </message>
    <message>
        <source>input length</source>
        <translation>输入长度</translation>
    </message>
    <message>
        <source>output length</source>
        <translation>输出长度</translation>
    </message>
    <message>
        <source>input features</source>
        <translation>输入特征数</translation>
    </message>
    <message>
        <source>output features</source>
        <translation>输出特征数</translation>
    </message>
    <message>
        <source>time steps</source>
        <translation>时间步数</translation>
    </message>
    <message>
        <source>features per step</source>
        <translation>每步特征数</translation>
    </message>
    <message>
        <source>hidden size</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>gates</source>
        <translation>门数</translation>
    </message>
    <message>
        <source>directions</source>
        <translation>方向数</translation>
    </message>
    <message>
        <source>layers</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>scale factor</source>
        <translation>缩放倍数</translation>
    </message>
    <message>
        <source>vocabulary size</source>
        <translation>词表大小</translation>
    </message>
    <message>
        <source>embedding size</source>
        <translation>嵌入维度</translation>
    </message>
    <message>
        <source>the sum of all {n} layers</source>
        <translation>全部 {n} 层之和</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>……以及另外 {n} 项</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>the input&apos;s shape, unchanged</source>
        <translation>与输入形状相同</translation>
    </message>
    <message>
        <source>from the inner layer {name}</source>
        <translation>来自内部层 {name}</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数量</translation>
    </message>
</context>
<context>
    <name>GroupActions</name>
    <message>
        <source>&amp;Group…</source>
        <translation>组合(&amp;G)…</translation>
    </message>
    <message>
        <source>Make the selected blocks one block</source>
        <translation>把选中的模块组合成一个模块</translation>
    </message>
    <message>
        <source>&amp;Ungroup</source>
        <translation>取消组合(&amp;U)</translation>
    </message>
    <message>
        <source>Put the selected groups&apos; blocks back on the canvas</source>
        <translation>把选中组里的模块放回画布</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>组合</translation>
    </message>
    <message>
        <source>Name of the new block:</source>
        <translation>新模块的名称:</translation>
    </message>
    <message>
        <source>Block {k}</source>
        <translation>模块 {k}</translation>
    </message>
    <message>
        <source>The document is locked.</source>
        <translation>文档已锁定。</translation>
    </message>
    <message>
        <source>Save to My Blocks</source>
        <translation>保存到“我的模块”</translation>
    </message>
    <message>
        <source>Keep this group in the palette for any document</source>
        <translation>把这个组保存在模块面板中,供所有文档使用</translation>
    </message>
    <message>
        <source>Ungroup</source>
        <translation>取消组合</translation>
    </message>
    <message>
        <source>Saved {name} to My blocks ({file}).</source>
        <translation>已把 {name} 保存到“我的模块”({file})。</translation>
    </message>
    <message>
        <source>Select a group to ungroup.</source>
        <translation>请选中一个要取消组合的组。</translation>
    </message>
    <message>
        <source>Ungroup {n} groups</source>
        <translation>取消组合 {n} 个组</translation>
    </message>
</context>
<context>
    <name>GroupCommand</name>
    <message>
        <source>Group {n} blocks as {name}</source>
        <translation>把 {n} 个模块组合为 {name}</translation>
    </message>
    <message>
        <source>Ungroup {name}</source>
        <translation>取消组合 {name}</translation>
    </message>
</context>
<context>
    <name>HelpDialogs</name>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>作用范围</translation>
    </message>
    <message>
        <source>Canvas</source>
        <translation>画布</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Search commands or keys…</source>
        <translation>搜索命令或按键…</translation>
    </message>
    <message>
        <source>Open a preset</source>
        <extracomment>The steps of Getting Started: title, what to do, the button&apos;s text.</extracomment>
        <translation>打开预设网络</translation>
    </message>
    <message>
        <source>Presets → LeNet5 opens a classic network: every block shows its output shape, parameters and FLOPs, and the Summary below lists them with totals.</source>
        <translation>“预设 → LeNet5”会打开一个经典网络:每个模块都显示输出形状、参数量和计算量,下方的“摘要”列出它们及总计。</translation>
    </message>
    <message>
        <source>Open LeNet5</source>
        <translation>打开 LeNet5</translation>
    </message>
    <message>
        <source>Change a parameter</source>
        <translation>修改参数</translation>
    </message>
    <message>
        <source>Click a block (here the first convolution) and edit it in the Inspector, e.g. out_channels 6 → 16. Shapes, parameters and FLOPs downstream update at once; Ctrl+Z undoes it.</source>
        <translation>单击一个模块(这里是第一个卷积层),在“属性”面板中编辑它,例如 out_channels 6 → 16。下游的形状、参数量和计算量会立即更新;Ctrl+Z 可撤销。</translation>
    </message>
    <message>
        <source>Select the first convolution</source>
        <translation>选中第一个卷积层</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>The Training panel trains on the built-in digits data set (no download). Press Train and watch loss and accuracy grow.</source>
        <translation>“训练”面板使用内置的 digits 数据集训练(无需下载)。按“训练”,观察损失和准确率的变化。</translation>
    </message>
    <message>
        <source>Show Training</source>
        <translation>显示训练面板</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>File → Export writes model.py (readable PyTorch), train.py or ONNX — the same network you see.</source>
        <translation>“文件 → 导出”可生成 model.py(可读的 PyTorch 代码)、train.py 或 ONNX —— 与你看到的网络完全一致。</translation>
    </message>
    <message>
        <source>Export model.py…</source>
        <translation>导出 model.py…</translation>
    </message>
    <message>
        <source>Getting Started</source>
        <translation>入门</translation>
    </message>
    <message>
        <source>Build, check, train and export a first network.</source>
        <translation>搭建、检查、训练并导出你的第一个网络。</translation>
    </message>
</context>
<context>
    <name>Inspector</name>
    <message>
        <source>Select one block to edit its parameters.</source>
        <extracomment>Pause after the last keystroke before a typed value applies (milliseconds).</extracomment>
        <translation>选中一个模块以编辑其参数。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Layer name in the summary and in exported code</source>
        <translation>层在摘要和导出代码中的名称</translation>
    </message>
    <message>
        <source>Frozen (not trained)</source>
        <translation>冻结(不训练)</translation>
    </message>
    <message>
        <source>Keep this layer&apos;s weights fixed while training: its parameters count as non-trainable and the optimizer leaves them alone</source>
        <translation>训练时保持该层权重不变:其参数计为不可训练参数,优化器不会更新它们</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>{ids} blocks selected; select one to edit it.</source>
        <translation>已选中 {ids} 个模块;请只选中一个进行编辑。</translation>
    </message>
    <message>
        <source>waiting for input</source>
        <translation>等待输入</translation>
    </message>
    <message>
        <source> (frozen)</source>
        <translation>(已冻结)</translation>
    </message>
    <message>
        <source>output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>receptive field</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>The document is locked.</source>
        <translation>文档已锁定。</translation>
    </message>
</context>
<context>
    <name>LanguageMenu</name>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>The language is now English. Restart NetBuilder to show the whole window in it.</source>
        <translation>界面语言已设为简体中文。重新启动 NetBuilder 后整个窗口都会使用该语言。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Training is running; stop it to edit the network.</source>
        <translation>正在训练;请先停止训练再编辑网络。</translation>
    </message>
    <message>
        <source>Stopping training… the window closes when the current batch is done.</source>
        <translation>正在停止训练……当前批量完成后窗口将关闭。</translation>
    </message>
    <message>
        <source>&lt;original document&gt;</source>
        <extracomment>How every view shows FLOPs and colours; the views subscribe to it.</extracomment>
        <translation>&lt;原始文档&gt;</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>模块</translation>
    </message>
    <message>
        <source>Inspector</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>Start an empty network</source>
        <translation>新建一个空网络</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a project file</source>
        <translation>打开项目文件</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save the project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save the project under a new name</source>
        <translation>以新名称保存项目</translation>
    </message>
    <message>
        <source>Co&amp;mpare…</source>
        <translation>比较(&amp;M)…</translation>
    </message>
    <message>
        <source>The open document next to its saved version, a preset or a file</source>
        <translation>把当前文档与其已保存版本、某个预设或某个文件并排比较</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Quit NetBuilder</source>
        <translation>退出 NetBuilder</translation>
    </message>
    <message>
        <source>Export with the trained weights of a run (its model.pt)</source>
        <translation>带着某次运行训练好的权重(其 model.pt)导出</translation>
    </message>
    <message>
        <source>Canvas as &amp;{upper}…</source>
        <translation>画布导出为 &amp;{upper}…</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Undo &amp;History</source>
        <translation>撤销历史(&amp;H)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Fit Network in View</source>
        <translation>显示整个网络(&amp;F)</translation>
    </message>
    <message>
        <source>Show the whole network</source>
        <translation>显示整个网络</translation>
    </message>
    <message>
        <source>Auto &amp;Layout</source>
        <translation>自动布局(&amp;L)</translation>
    </message>
    <message>
        <source>Arrange the blocks in layers, branches side by side</source>
        <translation>按层排列模块,分支并排</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Duplicate</source>
        <translation>创建副本(&amp;D)</translation>
    </message>
    <message>
        <source>De&amp;lete</source>
        <translation>删除(&amp;L)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>Count FLOPs as 2 per Multiply-Add</source>
        <translation>每次乘加按 2 个 FLOPs 计算</translation>
    </message>
    <message>
        <source>Like torch.utils.flop_counter; off: 1 per multiply-add (half of it)</source>
        <translation>与 torch.utils.flop_counter 相同;关闭时每次乘加计 1(为其一半)</translation>
    </message>
    <message>
        <source>Summary: Show Layers Inside Composite Blocks</source>
        <translation>摘要:显示复合模块内部的层</translation>
    </message>
    <message>
        <source>List the inner layers of Inception, Residual, VGG and NiN blocks with their stats</source>
        <translation>列出 Inception、Residual、VGG 和 NiN 模块内部的层及其统计</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>适应</translation>
    </message>
    <message>
        <source>&amp;About NetBuilder</source>
        <translation>关于 NetBuilder(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>Follow the system&apos;s light or dark setting</source>
        <translation>跟随系统的浅色或深色设置</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>Light theme</source>
        <translation>浅色主题</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>Dark theme</source>
        <translation>深色主题</translation>
    </message>
    <message>
        <source>&amp;Reset Layout</source>
        <translation>重置布局(&amp;R)</translation>
    </message>
    <message>
        <source>Put every panel back in its default place and size</source>
        <translation>把所有面板恢复到默认的位置和大小</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Every command with a shortcut, searchable</source>
        <translation>所有带快捷键的命令,可搜索</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>入门(&amp;G)</translation>
    </message>
    <message>
        <source>A first network in four steps: open, change, train, export</source>
        <translation>四步完成第一个网络:打开、修改、训练、导出</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Show on &amp;Cards</source>
        <translation>卡片上显示(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Presets</source>
        <translation>预设(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Params {params}</source>
        <translation>参数量 {params}</translation>
    </message>
    <message>
        <source>Params {params} ({trainable} trainable)</source>
        <translation>参数量 {params}(可训练 {trainable})</translation>
    </message>
    <message>
        <source>{params} parameters, {trainable} trainable ({frozen} frozen)</source>
        <translation>参数量 {params},可训练 {trainable}(冻结 {frozen})</translation>
    </message>
    <message>
        <source>{params} parameters, {trainable} trainable</source>
        <translation>参数量 {params},可训练 {trainable}</translation>
    </message>
    <message>
        <source>{buffers} non-trainable buffers</source>
        <translation>不可训练的缓冲区 {buffers}</translation>
    </message>
    <message>
        <source>{flops} {flops_unit} per sample (batch 1)</source>
        <translation>每个样本 {flops} {flops_unit}(批量大小 1)</translation>
    </message>
    <message>
        <source>⚠ 1 error</source>
        <translation>⚠ 1 个错误</translation>
    </message>
    <message>
        <source>⚠ {count} errors</source>
        <translation>⚠ {count} 个错误</translation>
    </message>
    <message>
        <source>See the Problems panel</source>
        <translation>请查看“问题”面板</translation>
    </message>
    <message>
        <source>✓ valid</source>
        <translation>✓ 有效</translation>
    </message>
    <message>
        <source>Every block has an output shape</source>
        <translation>每个模块都有输出形状</translation>
    </message>
    <message>
        <source>About {app}</source>
        <translation>关于 {app}</translation>
    </message>
    <message>
        <source>&lt;b&gt;{app} {version}&lt;/b&gt;&lt;p&gt;Design neural networks by drag and drop, see exact shapes, parameters and FLOPs, train them and export clean PyTorch.&lt;/p&gt;</source>
        <translation>&lt;b&gt;{app} {version}&lt;/b&gt;&lt;p&gt;通过拖放设计神经网络,查看精确的形状、参数量和计算量,训练网络并导出简洁的 PyTorch 代码。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Clear Menu</source>
        <translation>清空菜单</translation>
    </message>
</context>
<context>
    <name>MyBlocksTree</name>
    <message>
        <source>My blocks</source>
        <extracomment>Item data role holding a :class:`SavedBlock`.</extracomment>
        <translation>我的模块</translation>
    </message>
    <message>
        <source>&lt;b&gt;{name}&lt;/b&gt; — your block of {n} layers; drag it onto the canvas</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; —— 你的模块,共 {n} 层;把它拖到画布上即可使用</translation>
    </message>
    <message>
        <source>Right-click a group card: Save to My Blocks</source>
        <translation>右键单击组卡片:保存到“我的模块”</translation>
    </message>
    <message>
        <source>Saved in {folder}</source>
        <translation>保存在 {folder}</translation>
    </message>
</context>
<context>
    <name>Palette</name>
    <message>
        <source>Search blocks…</source>
        <translation>搜索模块…</translation>
    </message>
</context>
<context>
    <name>ParamEditors</name>
    <message>
        <source>{help} (height)</source>
        <translation>{help}(高)</translation>
    </message>
    <message>
        <source>{help} (width)</source>
        <translation>{help}(宽)</translation>
    </message>
    <message>
        <source>Square: height and width stay equal</source>
        <translation>正方形:高和宽保持相等</translation>
    </message>
    <message>
        <source>Pad so the output has the input&apos;s size (stride 1 only)</source>
        <translation>填充使输出与输入大小相同(仅限步幅 1)</translation>
    </message>
    <message>
        <source>e.g. 1, 28, 28</source>
        <translation>例如 1, 28, 28</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Let the block choose (for a pool stride: equal to the kernel)</source>
        <translation>由模块决定(池化步幅:等于窗口大小)</translation>
    </message>
    <message>
        <source>Pad so the output has the input&apos;s length (stride 1 only)</source>
        <translation>填充使输出与输入长度相同(仅限步幅 1)</translation>
    </message>
</context>
<context>
    <name>Problems</name>
    <message>
        <source>Show Block</source>
        <translation>显示模块</translation>
    </message>
    <message>
        <source>Fix: {title}</source>
        <translation>修复:{title}</translation>
    </message>
    <message>
        <source>Make this fix (one undo step); the arrow lists others</source>
        <translation>执行此修复(可一步撤销);箭头列出其他修复</translation>
    </message>
</context>
<context>
    <name>ReceptiveField</name>
    <message>
        <source>— (no spatial axes)</source>
        <translation>—(没有空间维度)</translation>
    </message>
    <message>
        <source>{size} px · jump {jump} · start {start}</source>
        <translation>{size} 像素 · 跳距 {jump} · 起点 {start}</translation>
    </message>
    <message>
        <source>No receptive field: a vector or token sequence has no spatial axes (after Flatten or Linear a feature may depend on the whole input).</source>
        <translation>没有感受野:向量或词元序列没有空间维度(经过 Flatten 或全连接层后,一个特征可能依赖整个输入)。</translation>
    </message>
    <message>
        <source>Each output unit sees a {size} window of the input (in input pixels).</source>
        <translation>每个输出单元看到输入中 {size} 的窗口(以输入像素计)。</translation>
    </message>
    <message>
        <source>Jump {jump}: neighbouring units&apos; windows lie this many input pixels apart.</source>
        <translation>跳距 {jump}:相邻单元的窗口在输入上相隔这么多像素。</translation>
    </message>
    <message>
        <source>Start {start}: centre of the first unit&apos;s window, in input pixel indices (below 0 where padding reaches past the border).</source>
        <translation>起点 {start}:第一个单元窗口的中心,以输入像素索引计(填充超出边界时小于 0)。</translation>
    </message>
    <message>
        <source>The windows differ from unit to unit (upsampling, transposed convolution or uneven adaptive pooling): the size is the largest.</source>
        <translation>不同单元的窗口大小不同(上采样、转置卷积或不均匀的自适应池化):这里给出的是最大值。</translation>
    </message>
</context>
<context>
    <name>SummaryModel</name>
    <message>
        <source>Training with batch size {batch} and {optimizer} (Training settings), float32:
parameters {parameters}
gradients {gradients}
optimizer state {optimizer_state}
activations kept for the backward pass {activations}</source>
        <translation>按批量大小 {batch} 和 {optimizer}(训练设置)以 float32 训练:
参数 {parameters}
梯度 {gradients}
优化器状态 {optimizer_state}
为反向传播保留的激活值 {activations}</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>The window of the input one output unit sees, in input pixels (height×width; length for sequences)</source>
        <translation>一个输出单元看到的输入窗口,以输入像素计(高×宽;序列为长度)</translation>
    </message>
    <message>
        <source>Memory to train each layer with the Training settings&apos; batch size and optimizer: parameters, gradients, optimizer state and the activations kept for the backward pass</source>
        <translation>按训练设置中的批量大小和优化器训练每一层所需的内存:参数、梯度、优化器状态以及为反向传播保留的激活值</translation>
    </message>
</context>
<context>
    <name>SummaryView</name>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Params</source>
        <translation>参数量</translation>
    </message>
    <message>
        <source>Train memory</source>
        <translation>训练内存</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>感受野</translation>
    </message>
    <message>
        <source>error</source>
        <extracomment>The column of the training-memory estimate. The column of the receptive field (size in input pixels). Above this many nodes a rebuild of the memory estimate (nodes or links changed) waits for edits to pause (milliseconds); a parameter edit updates it at once. The training memory of every node for the document&apos;s training settings.</extracomment>
        <translation>错误</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>1 layer</source>
        <translation>1 层</translation>
    </message>
    <message>
        <source>{count} layers</source>
        <translation>{count} 层</translation>
    </message>
    <message>
        <source>{params} trainable parameters
{buffers} non-trainable buffers
weights: {weights} as float32</source>
        <translation>可训练参数 {params}
不可训练的缓冲区 {buffers}
权重:按 float32 计 {weights}</translation>
    </message>
    <message>
        <source>{flops} {flops_unit} per sample (batch 1)</source>
        <translation>每个样本 {flops} {flops_unit}(批量大小 1)</translation>
    </message>
    <message>
        <source>Sums over every layer</source>
        <translation>所有层的总和</translation>
    </message>
    <message>
        <source>Per sample, in {flops_unit}</source>
        <translation>每个样本,单位:{flops_unit}</translation>
    </message>
    <message>
        <source>{params} parameters (frozen)</source>
        <translation>参数量 {params}(已冻结)</translation>
    </message>
    <message>
        <source>{params} parameters</source>
        <translation>参数量 {params}</translation>
    </message>
    <message>
        <source>{flops} {flops_unit} per sample</source>
        <translation>每个样本 {flops} {flops_unit}</translation>
    </message>
</context>
<context>
    <name>TrainingConfusion</name>
    <message>
        <source>{total:,} validation samples, accuracy {acc:.3f}</source>
        <extracomment>Above this many classes the cells carry no count (they would be unreadable).</extracomment>
        <translation>{total:,} 个验证样本,准确率 {acc:.3f}</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>true class</source>
        <translation>真实类别</translation>
    </message>
    <message>
        <source>Confusion matrix: after training.</source>
        <translation>混淆矩阵:训练后显示。</translation>
    </message>
    <message>
        <source>Confusion matrix: {matrix} (rows: true class, columns: predicted; colour: share of the row).</source>
        <translation>混淆矩阵:{matrix}(行:真实类别,列:预测类别;颜色:占该行的比例)。</translation>
    </message>
</context>
<context>
    <name>TrainingDashboard</name>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Feature maps: after training.</source>
        <translation>特征图:训练后显示。</translation>
    </message>
</context>
<context>
    <name>TrainingDock</name>
    <message>
        <source>Settings</source>
        <extracomment>Width of the left column (settings, controls, runs) before the screen&apos;s scale factor. Widgets of the parts, also reachable on the dock (``dock.epochs_box`` …). Why this run&apos;s results are not kept (&quot;&quot; while they are).</extracomment>
        <translation>设置</translation>
    </message>
    <message>
        <source>Show or hide the training settings</source>
        <translation>显示或隐藏训练设置</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>运行记录</translation>
    </message>
    <message>
        <source>Loading the data and compiling the network…</source>
        <translation>正在加载数据并编译网络…</translation>
    </message>
    <message>
        <source>Loading the run {name} into the network…</source>
        <translation>正在把运行 {name} 加载到网络中…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>{infos} runs overlaid: validation solid, training dashed, one colour each.</source>
        <translation>叠加了 {infos} 次运行:验证为实线,训练为虚线,每次运行一种颜色。</translation>
    </message>
    <message>
        <source>Run {id}: {epochs_done} epoch(s) on {dataset}, best val acc {best}. Load it for predictions and feature maps.</source>
        <translation>运行 {id}:在 {dataset} 上训练了 {epochs_done} 轮,最佳验证准确率 {best}。加载它可查看预测和特征图。</translation>
    </message>
    <message>
        <source>Delete run</source>
        <translation>删除运行</translation>
    </message>
    <message>
        <source>Delete the run {name} and its weights? This cannot be undone.</source>
        <translation>删除运行 {name} 及其权重?此操作无法撤销。</translation>
    </message>
    <message>
        <source>Deleted the run {name}.</source>
        <translation>已删除运行 {name}。</translation>
    </message>
    <message>
        <source>Set-up before the first batch: {seconds:.1f} s</source>
        <translation>第一个批量之前的准备时间:{seconds:.1f} 秒</translation>
    </message>
    <message>
        <source>not kept</source>
        <translation>不保留</translation>
    </message>
    <message>
        <source> Its results will not be kept: {not_kept}</source>
        <translation> 其结果不会保留:{not_kept}</translation>
    </message>
    <message>
        <source> Results are kept in {run}.</source>
        <translation> 结果保存在 {run}。</translation>
    </message>
    <message>
        <source>Training on {dataset}: {train:,} train / {val:,} val samples.</source>
        <translation>在 {dataset} 上训练:{train:,} 个训练样本 / {val:,} 个验证样本。</translation>
    </message>
    <message>
        <source>This run&apos;s results will not be kept: {sentence}</source>
        <translation>本次运行的结果不会保留:{sentence}</translation>
    </message>
    <message>
        <source>Epoch {epoch}/{epochs} · batch {batch}/{batches} · loss {losses:.4f} · {rate:,.0f} samples/s · ETA {eta}</source>
        <translation>第 {epoch}/{epochs} 轮 · 批量 {batch}/{batches} · 损失 {losses:.4f} · {rate:,.0f} 样本/秒 · 剩余 {eta}</translation>
    </message>
    <message>
        <source>Training failed: {last_message}</source>
        <translation>训练失败:{last_message}</translation>
    </message>
    <message>
        <source>Loaded the run {run} into the network (best weights): its predictions and feature maps are in the Results tab.</source>
        <translation>已把运行 {run} 加载到网络中(最佳权重):其预测和特征图在“结果”标签页中。</translation>
    </message>
    <message>
        <source> · val_acc {acc:.3f}</source>
        <translation> · 验证准确率 {acc:.3f}</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source> Kept in run {name}.</source>
        <translation> 保存在运行 {name} 中。</translation>
    </message>
    <message>
        <source>{word} after {epochs} epoch(s) on {device}{tail}.</source>
        <translation>{word}:在 {device} 上训练了 {epochs} 轮{tail}。</translation>
    </message>
    <message>
        <source>Cannot train this network</source>
        <translation>无法训练这个网络</translation>
    </message>
</context>
<context>
    <name>TrainingForm</name>
    <message>
        <source>folder or file (mnist, cifar10, csv, images, names)</source>
        <translation>文件夹或文件(mnist、cifar10、csv、images、names)</translation>
    </message>
    <message>
        <source>Choose the data folder or file</source>
        <translation>选择数据文件夹或文件</translation>
    </message>
    <message>
        <source>Learning-rate schedule over the run</source>
        <translation>整个运行期间的学习率调度</translation>
    </message>
    <message>
        <source>TensorBoard</source>
        <translation>TensorBoard</translation>
    </message>
    <message>
        <source>Also write TensorBoard event files into the run folder</source>
        <translation>同时把 TensorBoard 事件文件写入运行文件夹</translation>
    </message>
    <message>
        <source>Compile the network first (faster on a GPU after a warm-up)</source>
        <translation>先编译网络(在 GPU 上预热后更快)</translation>
    </message>
    <message>
        <source>All GPUs</source>
        <translation>所有 GPU</translation>
    </message>
    <message>
        <source>Train on every GPU at once (DDP under torchrun)</source>
        <translation>同时在所有 GPU 上训练(torchrun 下的 DDP)</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批量大小</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>LR schedule</source>
        <translation>学习率调度</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>权重衰减</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Options</source>
        <translation>选项</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
</context>
<context>
    <name>TrainingHintBar</name>
    <message>
        <source>&lt;b&gt;Hint:&lt;/b&gt; {message} {cause}</source>
        <translation>&lt;b&gt;提示:&lt;/b&gt;{message} {cause}</translation>
    </message>
    <message>
        <source>Change the training settings; press Train to try again</source>
        <translation>修改训练设置后,按“训练”重试</translation>
    </message>
</context>
<context>
    <name>TrainingImages</name>
    <message>
        <source>Conv layer whose kernels are drawn</source>
        <extracomment>Tiles drawn at most per kernel grid (output × input channels). Feature maps drawn at most.</extracomment>
        <translation>要显示其卷积核的卷积层</translation>
    </message>
    <message>
        <source>Kernels: no conv layer yet.</source>
        <translation>卷积核:还没有卷积层。</translation>
    </message>
    <message>
        <source>Kernels: this network has no conv layer.</source>
        <translation>卷积核:这个网络没有卷积层。</translation>
    </message>
    <message>
        <source>Kernels of {name} ({dims})</source>
        <translation>{name} 的卷积核({dims})</translation>
    </message>
    <message>
        <source>Layer whose output is drawn</source>
        <translation>要显示其输出的层</translation>
    </message>
    <message>
        <source>Validation sample (numbered as in the predictions)</source>
        <translation>验证样本(编号与预测中相同)</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>The chosen layer&apos;s output for the chosen sample</source>
        <translation>所选层对所选样本的输出</translation>
    </message>
    <message>
        <source>Feature maps: after training.</source>
        <translation>特征图:训练后显示。</translation>
    </message>
    <message>
        <source>Feature maps of</source>
        <translation>特征图:</translation>
    </message>
    <message>
        <source>Feature maps of {name} for validation sample {index} ({dims})</source>
        <translation>{name} 对验证样本 {index} 的特征图({dims})</translation>
    </message>
    <message>
        <source>Feature maps: {message}</source>
        <translation>特征图:{message}</translation>
    </message>
</context>
<context>
    <name>TrainingInfo</name>
    <message>
        <source>Status</source>
        <extracomment>Rows of the panel: key → title.</extracomment>
        <translation>状态</translation>
    </message>
    <message>
        <source>Elapsed</source>
        <translation>已用时间</translation>
    </message>
    <message>
        <source>Epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>Iteration</source>
        <translation>迭代</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Samples/s</source>
        <translation>样本/秒</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Best val acc</source>
        <translation>最佳验证准确率</translation>
    </message>
    <message>
        <source>Run folder</source>
        <translation>运行文件夹</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>Loss</source>
        <extracomment>Weight of the newest batch loss in the smoothed training curve. Colours of overlaid runs (one per run, repeating).</extracomment>
        <translation>损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>train (batch)</source>
        <translation>训练(批量)</translation>
    </message>
    <message>
        <source>train (epoch)</source>
        <translation>训练(每轮)</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
</context>
<context>
    <name>TrainingPredictions</name>
    <message>
        <source>Sample predictions: after training.</source>
        <extracomment>Pictures shown at most. Side of a picture in pixels (before the screen&apos;s scale factor).</extracomment>
        <translation>样本预测:训练后显示。</translation>
    </message>
    <message>
        <source>Sample predictions: the first {pairs} validation samples, {hits} right (predicted class, ✗ with the true class).</source>
        <translation>样本预测:前 {pairs} 个验证样本,预测正确 {hits} 个(显示预测类别,✗ 后为真实类别)。</translation>
    </message>
</context>
<context>
    <name>TrainingRunsView</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>训练轮数</translation>
    </message>
    <message>
        <source>Best val</source>
        <translation>最佳验证</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>用时</translation>
    </message>
    <message>
        <source>{id}
network {name} · {status} on {value}
started {value2}
{path}</source>
        <translation>{id}
网络 {name} · {status},设备 {value}
开始于 {value2}
{path}</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Curves and confusion matrix; select several to overlay</source>
        <translation>曲线和混淆矩阵;选中多个可叠加显示</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Continue training this run up to the Epochs setting</source>
        <translation>继续训练这次运行,直到达到“训练轮数”设置</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>Load its best weights into the network for predictions and feature maps</source>
        <translation>把它的最佳权重加载到网络中,用于预测和特征图</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>{runs} run(s) in {folder}</source>
        <translation>{folder} 中有 {runs} 次运行</translation>
    </message>
</context>
<context>
    <name>TrainingStatus</name>
    <message>
        <source>loading</source>
        <translation>加载中</translation>
    </message>
    <message>
        <source>loading the run</source>
        <translation>正在加载运行</translation>
    </message>
    <message>
        <source>loaded</source>
        <translation>已加载</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练中</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>running</source>
        <translation>运行中</translation>
    </message>
</context>
<context>
    <name>TrainingWorker</name>
    <message>
        <source>The run {id} already trained {epochs_done} epoch(s); set Epochs above {epochs_done} to continue it.</source>
        <extracomment>Seconds between two kernel pictures sent to the GUI while an epoch runs. The run folder written (or loaded), once known.</extracomment>
        <translation>运行 {id} 已训练 {epochs_done} 轮;把“训练轮数”设为大于 {epochs_done} 才能继续。</translation>
    </message>
    <message>
        <source>{count} GPUs (DDP)</source>
        <translation>{count} 个 GPU(DDP)</translation>
    </message>
    <message>
        <source>The run on {count} GPUs failed (exit status {status}).</source>
        <translation>在 {count} 个 GPU 上的运行失败(退出状态 {status})。</translation>
    </message>
    <message>
        <source>they are drawn after training.</source>
        <translation>训练后才会显示。</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>multiply-adds</source>
        <extracomment>Two FLOPs per multiply-add (``torch.utils.flop_counter.FlopCounterMode``).</extracomment>
        <translation>次乘加</translation>
    </message>
    <message>
        <source>FLOPs (2 per multiply-add)</source>
        <translation>FLOPs(每次乘加计 2)</translation>
    </message>
    <message>
        <source>FLOPs ×2</source>
        <translation>计算量 ×2</translation>
    </message>
</context>
<context>
    <name>blocks</name>
    <message>
        <source>&apos;sequence&apos;: every step (L×H); &apos;last&apos;: the final hidden state of the last layer (H; bidirectional: each direction&apos;s final state, forward then backward, 2H — torch&apos;s h_n[-2] and h_n[-1]).</source>
        <translation>&apos;sequence&apos;:每一步的输出(L×H);&apos;last&apos;:最后一层的最终隐状态(H;双向时为两个方向各自的最终状态,先正向后反向,共 2H —— 即 torch 的 h_n[-2] 和 h_n[-1])。</translation>
    </message>
    <message>
        <source>1 / (1 + e^−x), element by element.</source>
        <translation>逐元素计算 1 / (1 + e^−x)。</translation>
    </message>
    <message>
        <source>1-D convolution over a C×L sequence; in_channels is inferred.</source>
        <translation>对 C×L 序列做一维卷积;in_channels 自动推断。</translation>
    </message>
    <message>
        <source>1×1 conv, 3×3 conv (with the stride), 1×1 conv to 4× the channels, each with BN; added to a shortcut, then ReLU (torchvision&apos;s ResNet-50 block).</source>
        <translation>1×1 卷积、3×3 卷积(带步幅)、1×1 卷积扩到 4 倍通道,每个卷积后接 BN;与捷径相加后接 ReLU(torchvision 的 ResNet-50 块)。</translation>
    </message>
    <message>
        <source>1×1 expansion (×expand_ratio), depthwise 3×3, linear 1×1 projection, with BN and ReLU6; the input is added when stride is 1 and channels stay (MobileNetV2).</source>
        <translation>1×1 扩展(×expand_ratio)、3×3 深度卷积、线性 1×1 投影,带 BN 和 ReLU6;步幅为 1 且通道数不变时加上输入(MobileNetV2)。</translation>
    </message>
    <message>
        <source>1×1 projection after the pooling branch.</source>
        <translation>池化分支之后的 1×1 投影。</translation>
    </message>
    <message>
        <source>1×1 reduction before the 3×3 branch.</source>
        <translation>3×3 分支之前的 1×1 降维。</translation>
    </message>
    <message>
        <source>1×1 reduction before the 5×5 branch.</source>
        <translation>5×5 分支之前的 1×1 降维。</translation>
    </message>
    <message>
        <source>1×1 squeeze conv + ReLU, then 1×1 and 3×3 expand convs + ReLU, concatenated.</source>
        <translation>1×1 压缩卷积 + ReLU,然后 1×1 和 3×3 扩展卷积 + ReLU,再拼接。</translation>
    </message>
    <message>
        <source>2-D convolution over a C×H×W image; in_channels is inferred.</source>
        <translation>对 C×H×W 图像做二维卷积;in_channels 自动推断。</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活</translation>
    </message>
    <message>
        <source>Activation of the cell.</source>
        <translation>循环单元的激活函数。</translation>
    </message>
    <message>
        <source>Add a learnable bias per output channel.</source>
        <translation>为每个输出通道添加可学习的偏置。</translation>
    </message>
    <message>
        <source>Add a learnable bias.</source>
        <translation>添加可学习的偏置。</translation>
    </message>
    <message>
        <source>Added to the variance for numerical stability.</source>
        <translation>加到方差上以保证数值稳定。</translation>
    </message>
    <message>
        <source>Additive factor.</source>
        <translation>加性系数。</translation>
    </message>
    <message>
        <source>AlexNet as in torchvision: five conv layers, three dense layers, ImageNet 1000 classes.</source>
        <translation>与 torchvision 相同的 AlexNet:五个卷积层、三个全连接层,ImageNet 1000 类。</translation>
    </message>
    <message>
        <source>Also run the sequence backwards.</source>
        <translation>同时反向处理序列。</translation>
    </message>
    <message>
        <source>Average-pools any H×W to a fixed size; 1×1 is global average pooling.</source>
        <translation>把任意 H×W 平均池化到固定大小;1×1 即全局平均池化。</translation>
    </message>
    <message>
        <source>BN, ReLU, 1×1 conv (fewer channels), 2×2 average pooling, between dense blocks.</source>
        <translation>BN、ReLU、1×1 卷积(减少通道)、2×2 平均池化,位于稠密块之间。</translation>
    </message>
    <message>
        <source>Bilinear only: align the corner pixels.</source>
        <translation>仅双线性插值:对齐角点像素。</translation>
    </message>
    <message>
        <source>Bottleneck width; the output has 4× as many.</source>
        <translation>瓶颈宽度;输出通道是它的 4 倍。</translation>
    </message>
    <message>
        <source>Channels each layer adds.</source>
        <translation>每层增加的通道数。</translation>
    </message>
    <message>
        <source>Channels of every convolution.</source>
        <translation>每个卷积的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 1×1 branch.</source>
        <translation>1×1 分支的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 1×1 conv.</source>
        <translation>1×1 卷积的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 1×1 expand conv.</source>
        <translation>1×1 扩展卷积的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 1×1 squeeze conv.</source>
        <translation>1×1 压缩卷积的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 3×3 branch.</source>
        <translation>3×3 分支的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 3×3 expand conv.</source>
        <translation>3×3 扩展卷积的通道数。</translation>
    </message>
    <message>
        <source>Channels of the 5×5 branch (3×3 in torchvision).</source>
        <translation>5×5 分支的通道数(torchvision 中为 3×3)。</translation>
    </message>
    <message>
        <source>Channels of the projection (the output).</source>
        <translation>投影(即输出)的通道数。</translation>
    </message>
    <message>
        <source>Channels of the three convolutions.</source>
        <translation>三个卷积的通道数。</translation>
    </message>
    <message>
        <source>Composite</source>
        <translation>复合模块</translation>
    </message>
    <message>
        <source>Convolution</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Copy the nearest pixel or interpolate linearly.</source>
        <translation>复制最近的像素或做线性插值。</translation>
    </message>
    <message>
        <source>Count the zero padding in the mean.</source>
        <translation>求平均时计入零填充。</translation>
    </message>
    <message>
        <source>DenseNet-121 as in torchvision: 4 dense blocks (6, 12, 24, 16 layers, growth 32) joined by transitions, 1000 classes.</source>
        <translation>与 torchvision 相同的 DenseNet-121:4 个稠密块(6、12、24、16 层,增长率 32)由过渡层连接,1000 类。</translation>
    </message>
    <message>
        <source>Diabetes logistic regression 8-6-4-1 with sigmoids (CSV, last column is the label).</source>
        <translation>糖尿病逻辑回归 8-6-4-1,使用 sigmoid(CSV,最后一列为标签)。</translation>
    </message>
    <message>
        <source>Dimension to join along, batch is 0 (1 = channels).</source>
        <translation>拼接所沿的维度,批量维为 0(1 = 通道)。</translation>
    </message>
    <message>
        <source>Dimension to normalise, counted as in PyTorch with the batch as 0.</source>
        <translation>要归一化的维度,与 PyTorch 一样以批量维为 0 计数。</translation>
    </message>
    <message>
        <source>Divides each channel by the activity of its neighbours (the original AlexNet).</source>
        <translation>把每个通道除以相邻通道的活跃度(原始 AlexNet)。</translation>
    </message>
    <message>
        <source>Dropout after each layer (training only).</source>
        <translation>每层之后的丢弃(仅训练时)。</translation>
    </message>
    <message>
        <source>Dropout between stacked layers.</source>
        <translation>堆叠层之间的丢弃。</translation>
    </message>
    <message>
        <source>Element-wise product of inputs; a size 1 broadcasts (C×1×1 gates C×H×W, as in squeeze-excitation).</source>
        <translation>输入逐元素相乘;大小为 1 的维会广播(C×1×1 作用于 C×H×W,如 squeeze-excitation)。</translation>
    </message>
    <message>
        <source>Element-wise sum of inputs of equal shape (a residual connection).</source>
        <translation>形状相同的输入逐元素相加(残差连接)。</translation>
    </message>
    <message>
        <source>Elman RNN h_t = tanh(W_ih x_t + W_hh h_(t−1) + b); input L×features.</source>
        <translation>Elman RNN:h_t = tanh(W_ih x_t + W_hh h_(t−1) + b);输入为 L×特征。</translation>
    </message>
    <message>
        <source>Exact or tanh approximation.</source>
        <translation>精确计算或 tanh 近似。</translation>
    </message>
    <message>
        <source>Exponent.</source>
        <translation>指数。</translation>
    </message>
    <message>
        <source>Extra rows and columns added on one side (smaller than stride or dilation).</source>
        <translation>在一侧额外添加的行和列(小于步幅或膨胀)。</translation>
    </message>
    <message>
        <source>Factor for height and width (empty: use size).</source>
        <translation>高和宽的缩放倍数(留空:使用 size)。</translation>
    </message>
    <message>
        <source>First dimension to flatten (batch is 0).</source>
        <translation>要展平的第一个维度(批量维为 0)。</translation>
    </message>
    <message>
        <source>Five-layer ReLU perceptron 784-512-256-128-64-10 for handwritten digits.</source>
        <translation>用于手写数字的五层 ReLU 感知机 784-512-256-128-64-10。</translation>
    </message>
    <message>
        <source>Flattens C×H×W into one vector, ready for Linear.</source>
        <translation>把 C×H×W 展平为一个向量,供全连接层(Linear)使用。</translation>
    </message>
    <message>
        <source>Four parallel branches (1×1, 3×3, 5×5, pool) joined along channels.</source>
        <translation>四个并行分支(1×1、3×3、5×5、池化)沿通道拼接。</translation>
    </message>
    <message>
        <source>Fully connected layer y = xWᵀ + b; in_features is inferred.</source>
        <translation>全连接层 y = xWᵀ + b;in_features 自动推断。</translation>
    </message>
    <message>
        <source>GRU with reset and update gates; input L×features.</source>
        <translation>带重置门和更新门的 GRU;输入为 L×特征。</translation>
    </message>
    <message>
        <source>GoogLeNet (Inception v1) as in torchvision without auxiliary heads: 9 Inception blocks.</source>
        <translation>与 torchvision 相同的 GoogLeNet(Inception v1),不含辅助分类头:9 个 Inception 块。</translation>
    </message>
    <message>
        <source>Hidden channels per input channel.</source>
        <translation>每个输入通道对应的隐藏通道数。</translation>
    </message>
    <message>
        <source>How many trailing dimensions to normalise over.</source>
        <translation>对最后几个维度做归一化。</translation>
    </message>
    <message>
        <source>Hyperbolic tangent, element by element.</source>
        <translation>逐元素计算双曲正切。</translation>
    </message>
    <message>
        <source>Image channels (1 grey, 3 colour).</source>
        <translation>图像通道数(1 为灰度,3 为彩色)。</translation>
    </message>
    <message>
        <source>Image height in pixels.</source>
        <translation>图像高度(像素)。</translation>
    </message>
    <message>
        <source>Image width in pixels.</source>
        <translation>图像宽度(像素)。</translation>
    </message>
    <message>
        <source>Implicit padding at each end.</source>
        <translation>两端的隐式填充。</translation>
    </message>
    <message>
        <source>Implicit padding on each side.</source>
        <translation>每侧的隐式填充。</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Keep running mean and variance (buffers) for evaluation.</source>
        <translation>保留滑动均值和方差(缓冲区)用于评估。</translation>
    </message>
    <message>
        <source>Kernel of the first convolution.</source>
        <translation>第一个卷积的卷积核。</translation>
    </message>
    <message>
        <source>LSTM with input, forget, cell and output gates; input L×features.</source>
        <translation>带输入门、遗忘门、单元门和输出门的 LSTM;输入为 L×特征。</translation>
    </message>
    <message>
        <source>Last dimension to flatten (−1: the last).</source>
        <translation>要展平的最后一个维度(−1:最后一维)。</translation>
    </message>
    <message>
        <source>LeNet-5: two sigmoid conv layers with average pooling, then three dense layers.</source>
        <translation>LeNet-5:两个带平均池化的 sigmoid 卷积层,之后是三个全连接层。</translation>
    </message>
    <message>
        <source>Learn a scale and a shift per channel.</source>
        <translation>为每个通道学习缩放和平移。</translation>
    </message>
    <message>
        <source>Learn a scale and a shift per element.</source>
        <translation>为每个元素学习缩放和平移。</translation>
    </message>
    <message>
        <source>Learnable biases b_ih and b_hh.</source>
        <translation>可学习的偏置 b_ih 和 b_hh。</translation>
    </message>
    <message>
        <source>Learns &apos;hello&apos; → &apos;ohlol&apos;: one-hot 4-symbol input, an RNN with hidden size 4 whose state at each step scores the 4 symbols (40 parameters).</source>
        <translation>学习 &apos;hello&apos; → &apos;ohlol&apos;:4 个符号的 one-hot 输入,隐状态大小为 4 的 RNN,每一步的状态给 4 个符号打分(40 个参数)。</translation>
    </message>
    <message>
        <source>Length of each vector.</source>
        <translation>每个向量的长度。</translation>
    </message>
    <message>
        <source>Length of the pooling window.</source>
        <translation>池化窗口的长度。</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>全连接</translation>
    </message>
    <message>
        <source>Maps each token id of an L-long sequence to a learned vector (L×dim).</source>
        <translation>把长度为 L 的序列中每个词元 id 映射为一个可学习的向量(L×dim)。</translation>
    </message>
    <message>
        <source>Max-pools any H×W to a fixed size; 1×1 is global max pooling.</source>
        <translation>把任意 H×W 最大池化到固定大小;1×1 即全局最大池化。</translation>
    </message>
    <message>
        <source>Maximum over each window of a C×H×W image.</source>
        <translation>取 C×H×W 图像每个窗口内的最大值。</translation>
    </message>
    <message>
        <source>Maximum over each window of a C×L sequence.</source>
        <translation>取 C×L 序列每个窗口内的最大值。</translation>
    </message>
    <message>
        <source>Mean over each window of a C×H×W image.</source>
        <translation>取 C×H×W 图像每个窗口内的平均值。</translation>
    </message>
    <message>
        <source>Mean over each window of a C×L sequence.</source>
        <translation>取 C×L 序列每个窗口内的平均值。</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>MobileNetV2 as in torchvision: 17 inverted residual blocks with depthwise 3×3 convs and ReLU6, 1000 classes.</source>
        <translation>与 torchvision 相同的 MobileNetV2:17 个倒残差块,使用 3×3 深度卷积和 ReLU6,1000 类。</translation>
    </message>
    <message>
        <source>Multiplicative factor.</source>
        <translation>乘性系数。</translation>
    </message>
    <message>
        <source>Name → country classifier: ASCII codes, embedding 100, 2-layer GRU 100, 18 countries. Names are zero-padded to 20 codes and the GRU reads the padding too (no packed sequences, unlike the course): its last state comes after the padding.</source>
        <translation>姓名 → 国家分类器:ASCII 编码,嵌入维度 100,2 层 GRU(100),18 个国家。姓名补零到 20 个编码,GRU 也会读入填充部分(与课程不同,未使用打包序列):其最后状态位于填充之后。</translation>
    </message>
    <message>
        <source>Network in Network: NiN blocks (conv + two 1×1 convs), global average pool, 10 classes.</source>
        <translation>Network in Network:NiN 块(卷积 + 两个 1×1 卷积),全局平均池化,10 类。</translation>
    </message>
    <message>
        <source>New shape without the batch; −1 is inferred.</source>
        <translation>不含批量维的新形状;−1 自动推断。</translation>
    </message>
    <message>
        <source>Normalises each channel of a C×H×W image over the batch.</source>
        <translation>在批量上对 C×H×W 图像的每个通道做归一化。</translation>
    </message>
    <message>
        <source>Normalises each channel of each C×H×W image on its own (style transfer).</source>
        <translation>对每张 C×H×W 图像的每个通道单独归一化(风格迁移)。</translation>
    </message>
    <message>
        <source>Normalises each feature of a vector (or channel of a C×L sequence) over the batch.</source>
        <translation>在批量上对向量的每个特征(或 C×L 序列的每个通道)做归一化。</translation>
    </message>
    <message>
        <source>Normalises each sample over its last dimension(s).</source>
        <translation>对每个样本的最后一维(或几维)做归一化。</translation>
    </message>
    <message>
        <source>Normalises groups of channels of each sample (independent of the batch size).</source>
        <translation>对每个样本的通道分组做归一化(与批量大小无关)。</translation>
    </message>
    <message>
        <source>Normalization</source>
        <translation>归一化</translation>
    </message>
    <message>
        <source>Number of 3×3 convolutions.</source>
        <translation>3×3 卷积的个数。</translation>
    </message>
    <message>
        <source>Number of channel groups (must divide the channels).</source>
        <translation>通道分组数(必须整除通道数)。</translation>
    </message>
    <message>
        <source>Number of dense layers.</source>
        <translation>稠密层的层数。</translation>
    </message>
    <message>
        <source>Number of distinct token ids (tokens only).</source>
        <translation>不同词元 id 的个数(仅 tokens)。</translation>
    </message>
    <message>
        <source>Number of input ports.</source>
        <translation>输入端口数。</translation>
    </message>
    <message>
        <source>Number of neighbouring channels used.</source>
        <translation>使用的相邻通道数。</translation>
    </message>
    <message>
        <source>Number of output channels (filters).</source>
        <translation>输出通道数(卷积核个数)。</translation>
    </message>
    <message>
        <source>Number of output channels.</source>
        <translation>输出通道数。</translation>
    </message>
    <message>
        <source>Number of outputs.</source>
        <translation>输出个数。</translation>
    </message>
    <message>
        <source>Output channels of both convolutions.</source>
        <translation>两个卷积的输出通道数。</translation>
    </message>
    <message>
        <source>Output height and width (empty: use scale_factor).</source>
        <translation>输出的高和宽(留空:使用 scale_factor)。</translation>
    </message>
    <message>
        <source>Output height and width.</source>
        <translation>输出的高和宽。</translation>
    </message>
    <message>
        <source>Padding of the first convolution.</source>
        <translation>第一个卷积的填充。</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Probability of zeroing an element during training.</source>
        <translation>训练时把元素置零的概率。</translation>
    </message>
    <message>
        <source>ReLU6(x + 3)/6, element by element (MobileNetV3 gates).</source>
        <translation>逐元素计算 ReLU6(x + 3)/6(MobileNetV3 的门控)。</translation>
    </message>
    <message>
        <source>Recurrent</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>ResNet-18 as in torchvision: 8 basic residual blocks in 4 stages, 1000 classes.</source>
        <translation>与 torchvision 相同的 ResNet-18:4 个阶段共 8 个基本残差块,1000 类。</translation>
    </message>
    <message>
        <source>ResNet-50 as in torchvision: 16 bottleneck blocks in 4 stages, 1000 classes.</source>
        <translation>与 torchvision 相同的 ResNet-50:4 个阶段共 16 个瓶颈块,1000 类。</translation>
    </message>
    <message>
        <source>Resizes a C×H×W image by scale_factor or to a size (nearest or bilinear).</source>
        <translation>按 scale_factor 或指定 size 缩放 C×H×W 图像(最近邻或双线性)。</translation>
    </message>
    <message>
        <source>Round the output size up instead of down.</source>
        <translation>输出大小向上取整而不是向下取整。</translation>
    </message>
    <message>
        <source>Rows and columns removed from each side of the output.</source>
        <translation>从输出每侧去掉的行和列。</translation>
    </message>
    <message>
        <source>Sequence length (steps).</source>
        <translation>序列长度(步数)。</translation>
    </message>
    <message>
        <source>Size of the convolution window.</source>
        <translation>卷积窗口的大小。</translation>
    </message>
    <message>
        <source>Size of the hidden state.</source>
        <translation>隐状态的大小。</translation>
    </message>
    <message>
        <source>Size of the pooling window.</source>
        <translation>池化窗口的大小。</translation>
    </message>
    <message>
        <source>Size of the vocabulary (token ids 0..n−1).</source>
        <translation>词表大小(词元 id 为 0..n−1)。</translation>
    </message>
    <message>
        <source>Slope for negative inputs.</source>
        <translation>负输入的斜率。</translation>
    </message>
    <message>
        <source>Small GoogLeNet for MNIST: two 88-channel Inception blocks, 1408 features.</source>
        <translation>用于 MNIST 的小型 GoogLeNet:两个 88 通道的 Inception 块,1408 个特征。</translation>
    </message>
    <message>
        <source>Spacing between kernel elements.</source>
        <translation>卷积核元素之间的间距。</translation>
    </message>
    <message>
        <source>Spacing between window elements.</source>
        <translation>窗口元素之间的间距。</translation>
    </message>
    <message>
        <source>Split channels into groups (depthwise when = channels).</source>
        <translation>把通道分组(等于通道数时为深度卷积)。</translation>
    </message>
    <message>
        <source>Split channels into groups.</source>
        <translation>把通道分组。</translation>
    </message>
    <message>
        <source>SqueezeNet 1.1 as in torchvision: 8 Fire modules, a 1×1 conv classifier with global average pooling, 1000 classes.</source>
        <translation>与 torchvision 相同的 SqueezeNet 1.1:8 个 Fire 模块,带全局平均池化的 1×1 卷积分类器,1000 类。</translation>
    </message>
    <message>
        <source>Stacked recurrent layers.</source>
        <translation>堆叠的循环层数。</translation>
    </message>
    <message>
        <source>Stacks inputs along a dimension (channels by default), like torch.cat.</source>
        <translation>沿某个维度(默认通道)拼接输入,与 torch.cat 相同。</translation>
    </message>
    <message>
        <source>Step of the window (empty: same as the kernel).</source>
        <translation>窗口的步幅(留空:与窗口大小相同)。</translation>
    </message>
    <message>
        <source>Step of the window in the output (the upsampling factor).</source>
        <translation>窗口在输出中的步幅(上采样倍数)。</translation>
    </message>
    <message>
        <source>Step of the window.</source>
        <translation>窗口的步幅。</translation>
    </message>
    <message>
        <source>Stride of the 3×3 conv and the shortcut.</source>
        <translation>3×3 卷积和捷径的步幅。</translation>
    </message>
    <message>
        <source>Stride of the depthwise conv.</source>
        <translation>深度卷积的步幅。</translation>
    </message>
    <message>
        <source>Stride of the first conv and the shortcut.</source>
        <translation>第一个卷积和捷径的步幅。</translation>
    </message>
    <message>
        <source>Stride of the first convolution.</source>
        <translation>第一个卷积的步幅。</translation>
    </message>
    <message>
        <source>The data entering the network: image C×H×W, vector, tokens (L) or sequence L×F.</source>
        <translation>进入网络的数据:图像 C×H×W、向量、词元(L)或序列 L×F。</translation>
    </message>
    <message>
        <source>Transposed 2-D convolution (learned upsampling); in_channels is inferred.</source>
        <translation>二维转置卷积(可学习的上采样);in_channels 自动推断。</translation>
    </message>
    <message>
        <source>Turns scores into probabilities along one dimension.</source>
        <translation>沿某个维度把得分转换为概率。</translation>
    </message>
    <message>
        <source>Two 3×3 conv+BN layers added to a shortcut (identity or 1×1 conv), then ReLU.</source>
        <translation>两个 3×3 卷积+BN 层与捷径(恒等或 1×1 卷积)相加,然后接 ReLU。</translation>
    </message>
    <message>
        <source>VGG-11 as in torchvision: 3×3 convs between max pools, three dense layers, 1000 classes.</source>
        <translation>与 torchvision 相同的 VGG-11:最大池化之间为 3×3 卷积,三个全连接层,1000 类。</translation>
    </message>
    <message>
        <source>VGG-11 with batch normalisation as in torchvision: 3×3 convs and batch norm between max pools, three dense layers, 1000 classes.</source>
        <translation>与 torchvision 相同的带批量归一化的 VGG-11:最大池化之间为 3×3 卷积和批量归一化,三个全连接层,1000 类。</translation>
    </message>
    <message>
        <source>VGG-16 as in torchvision: 3×3 convs between max pools, three dense layers, 1000 classes.</source>
        <translation>与 torchvision 相同的 VGG-16:最大池化之间为 3×3 卷积,三个全连接层,1000 类。</translation>
    </message>
    <message>
        <source>Vector length, or features per sequence step.</source>
        <translation>向量长度,或序列每一步的特征数。</translation>
    </message>
    <message>
        <source>Views each sample with a new shape; one dimension may be −1.</source>
        <translation>以新形状查看每个样本;可以有一个维度为 −1。</translation>
    </message>
    <message>
        <source>Weight of the new batch in running statistics.</source>
        <translation>新批量在滑动统计量中的权重。</translation>
    </message>
    <message>
        <source>Width of the 1×1 conv per unit of growth.</source>
        <translation>每单位增长率对应的 1×1 卷积宽度。</translation>
    </message>
    <message>
        <source>Zeroes each element with probability p while training.</source>
        <translation>训练时以概率 p 把每个元素置零。</translation>
    </message>
    <message>
        <source>Zeroes whole channels of a C×H×W image with probability p while training.</source>
        <translation>训练时以概率 p 把 C×H×W 图像的整个通道置零。</translation>
    </message>
    <message>
        <source>Zeros added on each side; &apos;same&apos; keeps the size (stride 1 only).</source>
        <translation>每侧补零的数量;&apos;same&apos; 保持大小不变(仅限步幅 1)。</translation>
    </message>
    <message>
        <source>auto: a 1×1 conv when stride or channels change, else identity.</source>
        <translation>auto:步幅或通道数变化时用 1×1 卷积,否则为恒等映射。</translation>
    </message>
    <message>
        <source>googlenet: torchvision (BN convs, 3×3 third branch); d2l: conv+ReLU with 5×5; mnist: the course&apos;s 88-channel block (avg-pool branch, two 3×3).</source>
        <translation>googlenet:torchvision 版(带 BN 的卷积,第三分支为 3×3);d2l:卷积+ReLU,含 5×5;mnist:课程中的 88 通道块(平均池化分支,两个 3×3)。</translation>
    </message>
    <message>
        <source>image: C×H×W; vector: F; tokens: L integer ids; sequence: L×F.</source>
        <translation>image:C×H×W;vector:F;tokens:L 个整数 id;sequence:L×F。</translation>
    </message>
    <message>
        <source>k×k conv then two 1×1 convs (per-pixel MLP), each followed by ReLU.</source>
        <translation>k×k 卷积后接两个 1×1 卷积(逐像素的多层感知机),每个后面接 ReLU。</translation>
    </message>
    <message>
        <source>log(softmax(x)) along one dimension (pair it with NLLLoss).</source>
        <translation>沿某个维度计算 log(softmax(x))(与 NLLLoss 搭配使用)。</translation>
    </message>
    <message>
        <source>max(0, x) + slope·min(0, x), element by element.</source>
        <translation>逐元素计算 max(0, x) + slope·min(0, x)。</translation>
    </message>
    <message>
        <source>max(0, x), element by element.</source>
        <translation>逐元素计算 max(0, x)。</translation>
    </message>
    <message>
        <source>min(max(0, x), 6), element by element (MobileNetV2).</source>
        <translation>逐元素计算 min(max(0, x), 6)(MobileNetV2)。</translation>
    </message>
    <message>
        <source>n × (3×3 conv, padding 1, ReLU) followed by 2×2 max pooling.</source>
        <translation>n × (3×3 卷积,填充 1,ReLU),之后接 2×2 最大池化。</translation>
    </message>
    <message>
        <source>num_layers × (BN, ReLU, 1×1 conv to bn_size·growth, BN, ReLU, 3×3 conv to growth), each layer&apos;s output concatenated to all earlier features (DenseNet).</source>
        <translation>num_layers × (BN、ReLU、1×1 卷积到 bn_size·growth、BN、ReLU、3×3 卷积到 growth),每层的输出与之前所有特征拼接(DenseNet)。</translation>
    </message>
    <message>
        <source>torchvision: BasicBlock (convs without bias, 1×1 conv+BN shortcut); d2l: convs with bias, plain 1×1 conv shortcut.</source>
        <translation>torchvision:BasicBlock(卷积不带偏置,捷径为 1×1 卷积+BN);d2l:卷积带偏置,捷径为普通 1×1 卷积。</translation>
    </message>
    <message>
        <source>x·ReLU6(x + 3)/6, element by element (MobileNetV3).</source>
        <translation>逐元素计算 x·ReLU6(x + 3)/6(MobileNetV3)。</translation>
    </message>
    <message>
        <source>x·sigmoid(x) (swish), element by element (EfficientNet).</source>
        <translation>逐元素计算 x·sigmoid(x)(swish)(EfficientNet)。</translation>
    </message>
    <message>
        <source>x·Φ(x), the activation of transformers.</source>
        <translation>x·Φ(x),Transformer 常用的激活函数。</translation>
    </message>
</context>
<context>
    <name>core</name>
    <message>
        <source> (dilation {d})</source>
        <translation>(膨胀 {d})</translation>
    </message>
    <message>
        <source> — insert Embedding?</source>
        <translation> —— 要插入 Embedding 吗?</translation>
    </message>
    <message>
        <source> — {hint}</source>
        <translation> —— {hint}</translation>
    </message>
    <message>
        <source>&apos;edges&apos; must be a list</source>
        <translation>&apos;edges&apos; 必须是列表</translation>
    </message>
    <message>
        <source>&apos;frozen&apos; must be true or false</source>
        <translation>&apos;frozen&apos; 必须是 true 或 false</translation>
    </message>
    <message>
        <source>&apos;graph&apos; must be an object with nodes and edges</source>
        <translation>&apos;graph&apos; 必须是包含 nodes 和 edges 的对象</translation>
    </message>
    <message>
        <source>&apos;label&apos; must be text</source>
        <translation>&apos;label&apos; 必须是文本</translation>
    </message>
    <message>
        <source>&apos;nodes&apos; must be a list</source>
        <translation>&apos;nodes&apos; 必须是列表</translation>
    </message>
    <message>
        <source>&apos;params&apos; must be an object</source>
        <translation>&apos;params&apos; 必须是对象</translation>
    </message>
    <message>
        <source>&apos;port&apos; must be a whole number</source>
        <translation>&apos;port&apos; 必须是整数</translation>
    </message>
    <message>
        <source>&apos;pos&apos; must be two finite numbers within ±{MAX_POS:.0e}</source>
        <translation>&apos;pos&apos; 必须是两个在 ±{MAX_POS:.0e} 以内的有限数</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must be text</source>
        <translation>&apos;{key}&apos; 必须是文本</translation>
    </message>
    <message>
        <source>&apos;{key}&apos; must name a node of this graph</source>
        <translation>&apos;{key}&apos; 必须是本图中某个节点的名称</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; holds {what}; remove it</source>
        <translation>&apos;{name}&apos; 中含有{what};请删除它</translation>
    </message>
    <message>
        <source>&apos;{node_id}&apos; is not a valid node id (letters, digits, _).</source>
        <translation>&apos;{node_id}&apos; 不是有效的节点 id(只能用字母、数字和 _)。</translation>
    </message>
    <message>
        <source>&apos;{part}&apos; cannot name a layer: it is a Python keyword (pick e.g. &apos;my_{part}&apos;).</source>
        <translation>&apos;{part}&apos; 不能作为层名:它是 Python 关键字(可改用 &apos;my_{part}&apos; 等)。</translation>
    </message>
    <message>
        <source>&apos;{strip}&apos; cannot name a layer: use at most {LABEL_MAX} letters, digits and _ (not first a digit), or a module path such as features.0.</source>
        <translation>&apos;{strip}&apos; 不能作为层名:最多使用 {LABEL_MAX} 个字母、数字和 _(不能以数字开头),或使用 features.0 这样的模块路径。</translation>
    </message>
    <message>
        <source>A block cannot feed itself.</source>
        <translation>模块不能连接到自身。</translation>
    </message>
    <message>
        <source>A node called &apos;{node_id}&apos; already exists.</source>
        <translation>已存在名为 &apos;{node_id}&apos; 的节点。</translation>
    </message>
    <message>
        <source>A project file must hold a JSON object</source>
        <translation>项目文件必须包含一个 JSON 对象</translation>
    </message>
    <message>
        <source>Add input {i} is {shape} but input 1 is {ins}; they must be equal.</source>
        <translation>Add 的输入 {i} 是 {shape},但输入 1 是 {ins};两者必须相同。</translation>
    </message>
    <message>
        <source>Cannot read {shown}: {value}.</source>
        <translation>无法读取 {shown}:{value}。</translation>
    </message>
    <message>
        <source>Cannot write {target}: the text holds {char}, which is not text (a lone surrogate).</source>
        <translation>无法写入 {target}:文本中含有 {char},它不是有效文本(孤立的代理字符)。</translation>
    </message>
    <message>
        <source>Cannot write {target}: {value}.</source>
        <translation>无法写入 {target}:{value}。</translation>
    </message>
    <message>
        <source>Concat dim={dim} does not fit inputs of {first}.</source>
        <translation>Concat 的 dim={dim} 不适用于形状为 {first} 的输入。</translation>
    </message>
    <message>
        <source>Concat input {value} is {shape} but input 1 is {first}; all sizes except dim {dim} must match.</source>
        <translation>Concat 的输入 {value} 是 {shape},但输入 1 是 {first};除第 {dim} 维外,其余各维大小必须一致。</translation>
    </message>
    <message>
        <source>Embedding expects a sequence of token ids (L) but gets {x} — use an Input of kind &apos;tokens&apos;.</source>
        <translation>Embedding 需要词元 id 序列(L),但得到的是 {x} —— 请使用类型为 &apos;tokens&apos; 的 Input。</translation>
    </message>
    <message>
        <source>Embedding has {num_embeddings} rows but the tokens take {vocab} different ids — set num_embeddings to at least {vocab}.</source>
        <translation>Embedding 只有 {num_embeddings} 行,但词元有 {vocab} 种不同的 id —— 请把 num_embeddings 设为至少 {vocab}。</translation>
    </message>
    <message>
        <source>Flatten gets a scalar; there is nothing to flatten.</source>
        <translation>Flatten 的输入是标量,没有可展平的内容。</translation>
    </message>
    <message>
        <source>Flatten start_dim={start_dim}, end_dim={end_dim} do not fit a batch of {ins}.</source>
        <translation>Flatten 的 start_dim={start_dim}、end_dim={end_dim} 不适用于形状为 {ins} 的批量。</translation>
    </message>
    <message>
        <source>GroupNorm gets {x} channels ({x2}), which num_groups={num_groups} does not divide — choose a divisor of {x}.</source>
        <translation>GroupNorm 的输入有 {x} 个通道({x2}),不能被 num_groups={num_groups} 整除 —— 请选择 {x} 的约数。</translation>
    </message>
    <message>
        <source>Input &apos;{ports}&apos; of {target} is already fed by {nodes}; remove that link first.</source>
        <translation>{target} 的输入 &apos;{ports}&apos; 已经连接了 {nodes};请先删除那条连接。</translation>
    </message>
    <message>
        <source>Input port {value} of {node} is linked; remove that link before reducing the inputs.</source>
        <translation>{node} 的输入端口 {value} 已有连接;减少输入数之前请先删除那条连接。</translation>
    </message>
    <message>
        <source>InstanceNorm2d needs more than one pixel per channel but gets {x} — remove a pooling layer or normalise earlier.</source>
        <translation>InstanceNorm2d 需要每个通道多于一个像素,但得到的是 {x} —— 请删除一个池化层,或在更早的位置归一化。</translation>
    </message>
    <message>
        <source>Learning rate {lr:g}</source>
        <translation>学习率 {lr:g}</translation>
    </message>
    <message>
        <source>Linear expects a flat vector but gets a scalar.</source>
        <translation>Linear(全连接层)需要展平的向量,但得到的是标量。</translation>
    </message>
    <message>
        <source>Linear expects a flat vector but gets {x} — insert Flatten?</source>
        <translation>Linear(全连接层)需要展平的向量,但得到的是 {x} —— 要插入 Flatten 吗?</translation>
    </message>
    <message>
        <source>Linking {source} to {target} would make a loop; networks here must flow one way.</source>
        <translation>把 {source} 连接到 {target} 会形成环路;这里的网络必须单向流动。</translation>
    </message>
    <message>
        <source>Multiply input {i} is {shape} but input 1 is {ins}; each size must be equal or 1 (C×1×1 gates C×H×W).</source>
        <translation>Multiply 的输入 {i} 是 {shape},但输入 1 是 {ins};每一维的大小必须相同或为 1(C×1×1 可以作用于 C×H×W)。</translation>
    </message>
    <message>
        <source>Multiply input {i} is {shape} but input 1 is {ins}; inputs need the same number of dimensions — Reshape {short} to {fix}.</source>
        <translation>Multiply 的输入 {i} 是 {shape},但输入 1 是 {ins};输入的维数必须相同 —— 请把 {short} Reshape 为 {fix}。</translation>
    </message>
    <message>
        <source>Plain SGD at lr {lr:g} takes many steps to leave the start on a small dataset; Adam adapts the step size per weight.</source>
        <translation>在小数据集上,学习率为 {lr:g} 的普通 SGD 需要很多步才能离开起点;Adam 会为每个权重自适应调整步长。</translation>
    </message>
    <message>
        <source>Reshape cannot view {ins} ({total} values) with {target}.</source>
        <translation>Reshape 无法把 {ins}({total} 个值)变为 {target}。</translation>
    </message>
    <message>
        <source>Reshape shape may hold one −1 and no 0.</source>
        <translation>Reshape 的形状最多含一个 −1,且不能含 0。</translation>
    </message>
    <message>
        <source>Reshape to {target} needs {known} values but the input {ins} has {total}.</source>
        <translation>Reshape 为 {target} 需要 {known} 个值,但输入 {ins} 有 {total} 个。</translation>
    </message>
    <message>
        <source>That link does not exist.</source>
        <translation>该连接不存在。</translation>
    </message>
    <message>
        <source>The document is too large to be a project file.</source>
        <translation>文档太大,不可能是项目文件。</translation>
    </message>
    <message>
        <source>The document version must be a positive whole number</source>
        <translation>文档版本必须是正整数</translation>
    </message>
    <message>
        <source>The file holds a number with thousands of digits; it is not a NetBuilder project.</source>
        <translation>文件中含有一个上千位的数字;它不是 NetBuilder 项目。</translation>
    </message>
    <message>
        <source>The file holds {name}, which is not a valid number in a project.</source>
        <translation>文件中含有 {name},它不是项目中的有效数字。</translation>
    </message>
    <message>
        <source>The file is nested too deeply to be a NetBuilder project.</source>
        <translation>文件的嵌套层次太深,不可能是 NetBuilder 项目。</translation>
    </message>
    <message>
        <source>The file is not UTF-8 text; it is not a NetBuilder project.</source>
        <translation>文件不是 UTF-8 文本;它不是 NetBuilder 项目。</translation>
    </message>
    <message>
        <source>The file is not valid JSON (line {lineno}, column {colno}): {msg}; it may be truncated or damaged.</source>
        <translation>文件不是有效的 JSON(第 {lineno} 行,第 {colno} 列):{msg};文件可能被截断或已损坏。</translation>
    </message>
    <message>
        <source>The learning rate {lr:g} is small: the weights barely move.</source>
        <translation>学习率 {lr:g} 太小:权重几乎不动。</translation>
    </message>
    <message>
        <source>The network may need more passes over the data before it starts to learn.</source>
        <translation>网络可能需要多遍历几次数据才能开始学习。</translation>
    </message>
    <message>
        <source>The {where} is still at chance ({accuracy:.2f}; guessing gives {chance:.2f}) after {epoch} of {epochs} epochs.</source>
        <translation>训练了 {epoch}/{epochs} 轮后,{where}仍处于随机水平({accuracy:.2f};随机猜测为 {chance:.2f})。</translation>
    </message>
    <message>
        <source>There is no file {shown}.</source>
        <translation>文件 {shown} 不存在。</translation>
    </message>
    <message>
        <source>There is no node &apos;{node_id}&apos;.</source>
        <translation>不存在节点 &apos;{node_id}&apos;。</translation>
    </message>
    <message>
        <source>These ports are already linked.</source>
        <translation>这两个端口已经连接。</translation>
    </message>
    <message>
        <source>This is not a NetBuilder project (no &quot;format&quot;: &quot;netbuilder&quot;)</source>
        <translation>这不是 NetBuilder 项目(没有 &quot;format&quot;: &quot;netbuilder&quot;)</translation>
    </message>
    <message>
        <source>This project was saved by a newer NetBuilder (format version {version}; this one reads up to {VERSION}). Update NetBuilder to open it</source>
        <translation>这个项目由更新版本的 NetBuilder 保存(格式版本 {version};本版本最多读取到 {VERSION})。请升级 NetBuilder 后再打开</translation>
    </message>
    <message>
        <source>Train {epochs} epochs</source>
        <translation>训练 {epochs} 轮</translation>
    </message>
    <message>
        <source>Upsample scale_factor {scale_factor:g} shrinks {x} to nothing — use a larger scale_factor.</source>
        <translation>Upsample 的 scale_factor {scale_factor:g} 会把 {x} 缩小为空 —— 请使用更大的 scale_factor。</translation>
    </message>
    <message>
        <source>Use Adam, lr 0.001</source>
        <translation>使用 Adam,学习率 0.001</translation>
    </message>
    <message>
        <source>a bidi control character ({code}), which could disguise the text</source>
        <translation>双向控制字符({code}),它可能伪装文本</translation>
    </message>
    <message>
        <source>a control character ({code})</source>
        <translation>控制字符({code})</translation>
    </message>
    <message>
        <source>a graph must be an object with nodes and edges</source>
        <translation>图必须是包含 nodes 和 edges 的对象</translation>
    </message>
    <message>
        <source>a group definition cannot hold groups</source>
        <translation>组的定义中不能包含组</translation>
    </message>
    <message>
        <source>a line break or tab ({code}), which this one-line field cannot hold</source>
        <translation>换行符或制表符({code}),单行字段不能包含它</translation>
    </message>
    <message>
        <source>a lone surrogate ({code}), which is not text</source>
        <translation>孤立的代理字符({code}),它不是文本</translation>
    </message>
    <message>
        <source>a node must be an object</source>
        <translation>节点必须是对象</translation>
    </message>
    <message>
        <source>a node needs a text &apos;id&apos;</source>
        <translation>节点需要文本类型的 &apos;id&apos;</translation>
    </message>
    <message>
        <source>a node needs a text &apos;type&apos;</source>
        <translation>节点需要文本类型的 &apos;type&apos;</translation>
    </message>
    <message>
        <source>a sequence C×L</source>
        <translation>序列 C×L</translation>
    </message>
    <message>
        <source>a vector or a C×L sequence</source>
        <translation>向量或 C×L 序列</translation>
    </message>
    <message>
        <source>an edge must be an object</source>
        <translation>连接必须是对象</translation>
    </message>
    <message>
        <source>an image C×H×W</source>
        <translation>图像 C×H×W</translation>
    </message>
    <message>
        <source>channels and at least one more dimension (C×L or C×H×W)</source>
        <translation>通道维及至少一个其他维(C×L 或 C×H×W)</translation>
    </message>
    <message>
        <source>height</source>
        <translation>高</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>input &apos;{ports}&apos;</source>
        <translation>输入 &apos;{ports}&apos;</translation>
    </message>
    <message>
        <source>insert Reshape to make it an image</source>
        <translation>请插入 Reshape 把它变成图像</translation>
    </message>
    <message>
        <source>sequence</source>
        <translation>序列</translation>
    </message>
    <message>
        <source>the graph has more than {MAX_NODES} nodes</source>
        <translation>图中的节点超过 {MAX_NODES} 个</translation>
    </message>
    <message>
        <source>this node cannot be read</source>
        <translation>无法读取此节点</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>unknown block type &apos;{type_name}&apos;</source>
        <translation>未知的模块类型 &apos;{type_name}&apos;</translation>
    </message>
    <message>
        <source>unknown key &apos;{key}&apos;</source>
        <translation>未知的键 &apos;{key}&apos;</translation>
    </message>
    <message>
        <source>use Conv2d for images</source>
        <translation>图像请使用 Conv2d</translation>
    </message>
    <message>
        <source>use Dropout otherwise</source>
        <translation>否则请使用 Dropout</translation>
    </message>
    <message>
        <source>use MaxPool2d / AvgPool2d for images</source>
        <translation>图像请使用 MaxPool2d / AvgPool2d</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>验证准确率</translation>
    </message>
    <message>
        <source>vector</source>
        <translation>向量</translation>
    </message>
    <message>
        <source>waiting for input</source>
        <translation>等待输入</translation>
    </message>
    <message>
        <source>width</source>
        <translation>宽</translation>
    </message>
    <message>
        <source>{block} expects {wants} but gets {got}{tail}</source>
        <translation>{block} 需要{wants},但得到的是 {got}{tail}</translation>
    </message>
    <message>
        <source>{cause} Its {count} sigmoid/tanh layer(s) saturate and pass small gradients: ReLU instead of sigmoid learns much faster (the course&apos;s LeNet point).</source>
        <translation>{cause}网络中的 {count} 个 sigmoid/tanh 层会饱和,传回的梯度很小:用 ReLU 代替 sigmoid 学得快得多(课程中 LeNet 的要点)。</translation>
    </message>
    <message>
        <source>{key} is not a parameter of this block.</source>
        <translation>{key} 不是这个模块的参数。</translation>
    </message>
    <message>
        <source>{name} grew beyond {limit} while it was read; project files are smaller, so this is not one.</source>
        <translation>{name} 在读取过程中增长到超过 {limit};项目文件没有这么大,所以它不是项目文件。</translation>
    </message>
    <message>
        <source>{name} is {st_size}; project files are at most {limit}, so this is not one.</source>
        <translation>{name} 大小为 {st_size};项目文件最大为 {limit},所以它不是项目文件。</translation>
    </message>
    <message>
        <source>{name} must be a finite number.</source>
        <translation>{name} 必须是有限数。</translation>
    </message>
    <message>
        <source>{name} must be a list of whole numbers.</source>
        <translation>{name} 必须是整数列表。</translation>
    </message>
    <message>
        <source>{name} must be a number.</source>
        <translation>{name} 必须是数字。</translation>
    </message>
    <message>
        <source>{name} must be a whole number.</source>
        <translation>{name} 必须是整数。</translation>
    </message>
    <message>
        <source>{name} must be at least {minimum} (got {value}).</source>
        <translation>{name} 必须至少为 {minimum}(当前为 {value})。</translation>
    </message>
    <message>
        <source>{name} must be at most {maximum} (got {value}).</source>
        <translation>{name} 最多为 {maximum}(当前为 {value})。</translation>
    </message>
    <message>
        <source>{name} must be one number or two.</source>
        <translation>{name} 必须是一个或两个数字。</translation>
    </message>
    <message>
        <source>{name} must be one of: {options}.</source>
        <translation>{name} 必须是以下之一:{options}。</translation>
    </message>
    <message>
        <source>{name} must be true or false.</source>
        <translation>{name} 必须是 true 或 false。</translation>
    </message>
    <message>
        <source>{name} needs a value.</source>
        <translation>{name} 需要一个值。</translation>
    </message>
    <message>
        <source>{shown} is a folder, not a project file.</source>
        <translation>{shown} 是文件夹,不是项目文件。</translation>
    </message>
    <message>
        <source>{shown} is not a usable file name.</source>
        <translation>{shown} 不是可用的文件名。</translation>
    </message>
    <message>
        <source>{shown} is {kind}, not a project file; choose a saved project.</source>
        <translation>{shown} 是{kind},不是项目文件;请选择一个已保存的项目。</translation>
    </message>
    <message>
        <source>{type_name} gets token ids — add an Embedding first.</source>
        <translation>{type_name} 收到的是词元 id —— 请先添加 Embedding。</translation>
    </message>
    <message>
        <source>{type_name} has no input, so it cannot sit on a link.</source>
        <translation>{type_name} 没有输入端口,不能放在连接上。</translation>
    </message>
    <message>
        <source>{type_name} needs token ids (integers) but gets floating-point values — feed it from an Input of kind &apos;tokens&apos;.</source>
        <translation>{type_name} 需要词元 id(整数),但得到的是浮点数 —— 请用类型为 &apos;tokens&apos; 的 Input 作为它的输入。</translation>
    </message>
    <message>
        <source>{type} dim={dim} is not a feature dimension of a {rank}-D batch (use 1..{value} or -1).</source>
        <translation>{type} 的 dim={dim} 不是 {rank} 维批量的特征维(请使用 1..{value} 或 -1)。</translation>
    </message>
    <message>
        <source>{type} expects a sequence L×features but gets {x}{hint}</source>
        <translation>{type} 需要序列 L×特征,但得到的是 {x}{hint}</translation>
    </message>
    <message>
        <source>{type} gets {channels} input channels, which groups={groups} does not divide — change groups.</source>
        <translation>{type} 有 {channels} 个输入通道,不能被 groups={groups} 整除 —— 请修改 groups。</translation>
    </message>
    <message>
        <source>{type} gets {x} input channels, which groups={groups} does not divide — change groups.</source>
        <translation>{type} 有 {x} 个输入通道,不能被 groups={groups} 整除 —— 请修改 groups。</translation>
    </message>
    <message>
        <source>{type} has no input port {value}.</source>
        <translation>{type} 没有输入端口 {value}。</translation>
    </message>
    <message>
        <source>{type} has no input port; data starts here.</source>
        <translation>{type} 没有输入端口;数据从这里开始。</translation>
    </message>
    <message>
        <source>{type} has no {what}: connect a layer to it.</source>
        <translation>{type} 没有{what}:请把一个层连接到它。</translation>
    </message>
    <message>
        <source>{type} kernel {kernel}{dil} is larger than the padded input {axis} {value} of {x} — use a smaller kernel or more padding.</source>
        <translation>{type} 的卷积核 {kernel}{dil} 大于 {x} 填充后的输入{axis} {value} —— 请使用更小的卷积核或更多填充。</translation>
    </message>
    <message>
        <source>{type} padding {padding} removes the whole output {_AXES} of {x} — use less padding or a larger kernel.</source>
        <translation>{type} 的填充 {padding} 使 {x} 的输出{_AXES}变为零 —— 请减少填充或使用更大的卷积核。</translation>
    </message>
    <message>
        <source>{type} window {kernel} is larger than the input {axes} {n} of {x} — use a smaller kernel_size or remove a pooling layer.</source>
        <translation>{type} 的窗口 {kernel} 大于 {x} 的输入{axes} {n} —— 请使用更小的 kernel_size 或删除一个池化层。</translation>
    </message>
</context>
</TS>

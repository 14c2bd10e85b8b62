# %% [markdown]
# # Lesson 10 — Backpropagation in a feed-forward network
#
# Everything so far comes together here: a network computes a loss in a forward pass,
# the chain rule carries the loss's gradient back through it layer by layer, and
# gradient descent uses that gradient to learn.
#
# **Learning goals.** After this lesson you can
#
# 1. describe a feed-forward network (input, hidden and output layers; weights on the
#    connections; data flowing one way);
# 2. run its forward pass and compute the loss by hand in numpy;
# 3. derive and code the backward pass **layer by layer**, and check it against
#    course_lib's autograd and `gradcheck`;
# 4. train a small MLP with `cl.nn` on a 2-D data set and draw its decision boundary;
# 5. say whether all of deep learning is based on backpropagation.
# <!-- zh -->
# # 第 10 课 — 前馈神经网络中的反向传播
#
# 前面学过的内容在这里汇合：网络在前向传播中算出损失，链式法则把损失的梯度逐层传回网络，梯度下降再利用这个梯度来学习。
#
# **学习目标。** 学完本课，你将能够
#
# 1. 描述前馈神经网络（输入层、隐藏层和输出层；连接上的权重；单向流动的数据）；
# 2. 用 numpy 手算它的前向传播和损失；
# 3. **逐层**推导并编写反向传播，再用 course_lib 的自动微分和 `gradcheck` 检验它；
# 4. 用 `cl.nn` 在一个二维数据集上训练一个小型多层感知机，并画出它的决策边界；
# 5. 回答“深度学习都是基于反向传播的吗？”这个问题。

# %%
import time

import matplotlib.pyplot as plt
import numpy as np

import course_lib as cl
from course_lib.exercises import check_function, check_number, verdict
from course_lib.gradcheck import gradcheck
from course_lib.i18n import tr, tr_plot

# %% [markdown]
# ## 1. The seed's network
#
# From the seed (*PyTorch in practice*, lesson 12): the simplest neural network is the
# **feed-forward network**, a one-way, multi-layer structure.
#
# - The **input layer** (layer 0) receives the data: with **5 neurons** it takes a
#   vector of length 5.
# - The **hidden layer** in the middle is the model's inside, not visible from outside;
#   real networks stack many of them.
# - The **output layer** hands the result out.
# - Each line between two neurons is a **weight**; learning means adjusting them.
#
# Data enters the input layer, passes through the hidden layers one after the other
# and leaves through the output layer — it only moves forward, hence the name.
# <!-- zh -->
# ## 1. 大纲中的网络
#
# 大纲（《PyTorch 深度学习实战》第 12 课）中说：最简单的神经网络是**前馈神经网络**，它是一种单向的多层结构。
#
# - **输入层**（第 0 层）接收数据：它有 **5 个神经元**，可以接收一个长度为 5 的向量。
# - 中间的**隐藏层**是模型的“内部”，对外不可见；实际的网络会堆叠很多个隐藏层。
# - **输出层**把结果输出到外部。
# - 两个神经元之间的每条连线是一个**权重**；学习就是调整这些权重。
#
# 数据从输入层进入，依次经过各个隐藏层，再从输出层离开——它只能往前走，这就是“前馈”这个名字的由来。

# %%
def draw_network(sizes, names=None, colors=("tab:green", "tab:red", "tab:blue")):
    """Circles for neurons, lines for weights: the seed's picture of a feed-forward network."""
    if names is None:
        names = (tr_plot("input layer", "输入层"), tr_plot("hidden layer", "隐藏层"),
                 tr_plot("output layer", "输出层"))
    fig, ax = plt.subplots(figsize=(7, 4.2))
    positions = []
    for layer, n in enumerate(sizes):
        ys = np.linspace(-(n - 1) / 2, (n - 1) / 2, n)
        positions.append([(layer, y) for y in ys])
    for left, right in zip(positions[:-1], positions[1:]):
        for x0, y0 in left:
            for x1, y1 in right:
                ax.plot([x0, x1], [y0, y1], color="gray", lw=0.8, zorder=1)
    for points, name, color in zip(positions, names, colors):
        xs, ys = zip(*points)
        ax.scatter(xs, ys, s=600, color=color, zorder=2,
                   label=tr_plot(f"{name}: {len(points)} neuron{'s' if len(points) > 1 else ''}",
                                 f"{name}：{len(points)} 个神经元"))
    ax.annotate("", xy=(len(sizes) - 1, -3.2), xytext=(0, -3.2),
                arrowprops={"arrowstyle": "->", "lw": 2})
    ax.text((len(sizes) - 1) / 2, -3.05, tr_plot("data flows one way: forward", "数据单向流动：向前"),
            ha="center")
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-3.6, 3.0)
    ax.set_xticks(range(len(sizes)), [tr_plot(f"layer {i}", f"第 {i} 层") for i in range(len(sizes))])
    ax.set_yticks([])
    ax.set_xlabel(tr_plot("layer", "层"))
    ax.set_title(tr_plot("A feed-forward network (each gray line is one weight)",
                         "前馈神经网络（每条灰线是一个权重）"))
    ax.legend(loc="upper right", fontsize="small", markerscale=0.4)
    return fig


draw_network([5, 4, 1])
plt.show()

# %% [markdown]
# The seed sums up backpropagation in three steps:
#
# 1. **forward pass** — data goes from the input layer through the hidden layers to the
#    output, exactly as in the picture;
# 2. **compute the error and propagate it** — compare the output with the truth
#    (the loss) and send the error backwards, from the output layer through the hidden
#    layer towards the input, computing each layer's gradient with the chain rule;
# 3. **iterate** — adjust the parameters with those gradients (gradient descent,
#    Lesson 9) and repeat steps 1–2 until training ends.
#
# Frameworks do step 2 for us, but we will write it once by hand to see exactly what
# `backward()` computes.
# <!-- zh -->
# 大纲把反向传播概括为三步：
#
# 1. **前向传播**——数据从输入层经过隐藏层到达输出层，和上图一样；
# 2. **计算误差并反向传播**——把输出与真实值比较（即损失），再把误差反向传递，从输出层经过隐藏层传向输入层，同时用链式法则算出每一层的梯度；
# 3. **迭代**——用这些梯度调整参数（梯度下降，第 9 课），并重复第 1–2 步，直到训练结束。
#
# 深度学习框架替我们完成了第 2 步，但我们要亲手写一遍，看清 `backward()` 究竟算了什么。

# %% [markdown]
# ## 2. The forward pass, in numpy
#
# A batch of $N = 8$ inputs $X$ (shape 8×5) and targets $t$ (8×1). With PyTorch's
# convention (`Linear` stores $W$ as out×in):
#
# $$z = X W_1^\top + b_1 \ (8\times4), \qquad h = \tanh(z), \qquad
# y = h W_2^\top + b_2 \ (8\times1), \qquad L = \frac1N \sum_i (y_i - t_i)^2 .$$
#
# Every intermediate result is kept: the backward pass will need them.
# <!-- zh -->
# ## 2. 用 numpy 实现前向传播
#
# 一个批量包含 $N = 8$ 个输入 $X$（形状为 8×5）和目标 $t$（8×1）。按照 PyTorch 的约定（`Linear` 把 $W$ 存为“输出×输入”的形状）：
#
# $$z = X W_1^\top + b_1 \ (8\times4), \qquad h = \tanh(z), \qquad
# y = h W_2^\top + b_2 \ (8\times1), \qquad L = \frac1N \sum_i (y_i - t_i)^2 .$$
#
# 每个中间结果都要保存下来：反向传播会用到它们。

# %%
rng = np.random.default_rng(0)
N, n_in, n_hidden, n_out = 8, 5, 4, 1
X = rng.standard_normal((N, n_in))
t = rng.standard_normal((N, n_out))
W1 = rng.standard_normal((n_hidden, n_in)) / np.sqrt(n_in)
b1 = np.zeros(n_hidden) + 0.1
W2 = rng.standard_normal((n_out, n_hidden)) / np.sqrt(n_hidden)
b2 = np.zeros(n_out) - 0.2

z = X @ W1.T + b1          # hidden layer, before the activation
h = np.tanh(z)             # hidden layer output
y = h @ W2.T + b2          # output layer
L = np.mean((y - t) ** 2)  # the loss
print(tr("shapes: X", "形状：X"), X.shape, " z", z.shape, " h", h.shape, " y", y.shape)
print(tr(f"loss L = {L:.6f}", f"损失 L = {L:.6f}"))

# %% [markdown]
# ## 3. The backward pass, layer by layer
#
# Write $\bar v$ for $\partial L/\partial v$, the gradient of the loss with respect to
# $v$; it always has $v$'s shape. Start at the loss and walk back, one local chain
# rule per step:
#
# | step | forward | backward |
# |---|---|---|
# | loss | $L = \frac1N\sum (y - t)^2$ | $\bar y = \frac2N (y - t)$ |
# | output layer | $y = h W_2^\top + b_2$ | $\bar W_2 = \bar y^\top h,\ \ \bar b_2 = \sum_i \bar y_i,\ \ \bar h = \bar y\, W_2$ |
# | activation | $h = \tanh z$ | $\bar z = \bar h \odot (1 - h^2)$ |
# | hidden layer | $z = X W_1^\top + b_1$ | $\bar W_1 = \bar z^\top X,\ \ \bar b_1 = \sum_i \bar z_i$ |
#
# Each layer receives the gradient of its output ($\bar y$, $\bar h$, $\bar z$) and
# passes back the gradient of its input — the error travelling backwards. A layer's
# weight gradient is "incoming gradient × the input it saw in the forward pass"
# (the seed's rule: *a linear layer's gradient hides its input*). The biases get the
# incoming gradient summed over the batch, because $b$ was added to every row.
# <!-- zh -->
# ## 3. 逐层反向传播
#
# 用 $\bar v$ 表示 $\partial L/\partial v$，即损失关于 $v$ 的梯度；它的形状总是与 $v$ 相同。从损失出发往回走，每一步应用一次局部的链式法则：
#
# | 步骤 | 前向 | 反向 |
# |---|---|---|
# | 损失 | $L = \frac1N\sum (y - t)^2$ | $\bar y = \frac2N (y - t)$ |
# | 输出层 | $y = h W_2^\top + b_2$ | $\bar W_2 = \bar y^\top h,\ \ \bar b_2 = \sum_i \bar y_i,\ \ \bar h = \bar y\, W_2$ |
# | 激活函数 | $h = \tanh z$ | $\bar z = \bar h \odot (1 - h^2)$ |
# | 隐藏层 | $z = X W_1^\top + b_1$ | $\bar W_1 = \bar z^\top X,\ \ \bar b_1 = \sum_i \bar z_i$ |
#
# 每一层接收关于其输出的梯度（$\bar y$、$\bar h$、$\bar z$），并传回关于其输入的梯度——这就是反向传递的误差。一层的权重梯度等于“传入的梯度 × 这一层在前向传播中看到的输入”（大纲中的口诀：*线性层梯度藏输入*）。偏置得到的是传入梯度在整个批量上的和，因为 $b$ 被加到了每一行上。

# %%
dy = 2 * (y - t) / N            # loss
dW2 = dy.T @ h                  # output layer
db2 = dy.sum(axis=0)
dh = dy @ W2
dz = dh * (1 - h**2)            # tanh' = 1 - tanh²
dW1 = dz.T @ X                  # hidden layer
db1 = dz.sum(axis=0)

by_hand = {"W1": dW1, "b1": db1, "W2": dW2, "b2": db2}
for name, grad in by_hand.items():
    print(tr(f"dL/d{name}: shape {grad.shape}  (the parameter's shape: {globals()[name].shape})",
             f"dL/d{name}：形状 {grad.shape}（参数的形状：{globals()[name].shape}）"))

# %% [markdown]
# ## 4. Check against course_lib
#
# Build the same network with `cl.nn` (float64), copy our weights into it, and let
# `backward()` do step 2:
# <!-- zh -->
# ## 4. 与 course_lib 对照
#
# 用 `cl.nn`（float64）搭建同样的网络，把我们的权重复制进去，再让 `backward()` 完成第 2 步：

# %%
net = cl.nn.Sequential(cl.nn.Linear(n_in, n_hidden, dtype=cl.float64), cl.nn.Tanh(),
                       cl.nn.Linear(n_hidden, n_out, dtype=cl.float64))
layer1, layer2 = net[0], net[2]
with cl.no_grad():
    layer1.weight.data[...] = W1
    layer1.bias.data[...] = b1
    layer2.weight.data[...] = W2
    layer2.bias.data[...] = b2

loss = cl.nn.mse_loss(net(cl.tensor(X)), cl.tensor(t))
loss.backward()
print(tr(f"course_lib loss = {loss.item():.6f}  (numpy: {L:.6f})",
         f"course_lib 的损失 = {loss.item():.6f}（numpy：{L:.6f}）"))
autograd = {"W1": layer1.weight.grad, "b1": layer1.bias.grad,
            "W2": layer2.weight.grad, "b2": layer2.bias.grad}
for name in by_hand:
    gap = np.abs(by_hand[name] - autograd[name].numpy()).max()
    print(tr(f"{name}: max |by hand - autograd| = {gap:.1e}",
             f"{name}：max |手算 - 自动微分| = {gap:.1e}"))

# %% [markdown]
# They agree to float64 rounding — here even bit for bit, because `backward()` did
# the same four rows of the table with the same numpy operations (each op's backward
# sits next to its forward in course_lib).
#
# Autograd could share a bug with our derivation, so check both against the
# definition of the derivative. `gradcheck` compares course_lib's analytic Jacobian
# with central differences for every parameter element:
# <!-- zh -->
# 两者在 float64 的舍入误差范围内一致——这里甚至逐位相同，因为 `backward()` 用同样的 numpy 运算执行了表中同样的四行（在 course_lib 中，每个运算的反向计算就写在它的前向计算旁边）。
#
# 但自动微分可能和我们的推导错在同一处，所以还要用导数的定义来检验两者。`gradcheck` 会对每个参数元素，把 course_lib 解析计算的雅可比矩阵与中心差分的结果相比较：

# %%
Xt, tt = cl.tensor(X), cl.tensor(t)


def network_loss(W1, b1, W2, b2):
    h = (Xt @ W1.T + b1).tanh()
    return (((h @ W2.T + b2) - tt) ** 2).mean()


params = [cl.tensor(v, dtype=cl.float64, requires_grad=True) for v in (W1, b1, W2, b2)]
print(gradcheck(network_loss, params))


# %% [markdown]
# ## 5. Training a small MLP
#
# Now let the library do all three steps on a real (if small) problem: two interleaved
# half-moons in the plane, generated here with numpy (no download), one class per moon.
# A straight line cannot separate them; a network with hidden layers can.
# <!-- zh -->
# ## 5. 训练一个小型多层感知机
#
# 现在让框架在一个真实的（虽然很小）问题上完成全部三步：平面上两个相互交错的半月形，这里直接用 numpy 生成（无需下载），每个半月是一类。一条直线无法把它们分开，带隐藏层的网络却可以。

# %%
def make_moons(n, noise, seed):
    """Two interleaving half circles (n points in total, labels 0 and 1) plus Gaussian noise."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, np.pi, n)
    label = np.arange(n) % 2
    x = np.where(label == 0, np.cos(angle), 1 - np.cos(angle))
    y = np.where(label == 0, np.sin(angle), 0.5 - np.sin(angle))
    points = np.stack([x, y], axis=1) + noise * rng.standard_normal((n, 2))
    return points.astype(np.float32), label


X_train, y_train = make_moons(200, noise=0.15, seed=0)
X_test, y_test = make_moons(200, noise=0.15, seed=1)
print(tr("train:", "训练集："), X_train.shape, tr("labels", "各类样本数"), np.bincount(y_train),
      tr(" test:", " 测试集："), X_test.shape)

# %% [markdown]
# The model: `cl.nn.MLP([2, 16, 16, 2])` — 2 inputs, two hidden layers of 16 with ReLU,
# 2 outputs (one score, a *logit*, per class). The loss: `cl.nn.cross_entropy` of the
# logits against the labels. The optimizer: `cl.nn.SGD`. Full-batch gradient descent,
# 500 steps:
# <!-- zh -->
# 模型：`cl.nn.MLP([2, 16, 16, 2])`——2 个输入，两个各有 16 个神经元、使用 ReLU 的隐藏层，2 个输出（每个类别一个分数，即 *logit*）。损失：logits 相对于标签的 `cl.nn.cross_entropy`。优化器：`cl.nn.SGD`。全批量梯度下降，共 500 步：

# %%
cl.manual_seed(0)
model = cl.nn.MLP([2, 16, 16, 2])
opt = cl.nn.SGD(model.parameters(), lr=0.5)
inputs = cl.tensor(X_train)


def accuracy(model, points, labels):
    with cl.no_grad():
        return float((model(cl.tensor(points)).numpy().argmax(axis=1) == labels).mean())


losses = []
start = time.perf_counter()
for _step in range(500):
    loss = cl.nn.cross_entropy(model(inputs), y_train)   # 1. forward pass and loss
    opt.zero_grad()
    loss.backward()                                      # 2. backpropagation
    opt.step()                                           # 3. gradient-descent update
    losses.append(loss.item())
seconds = time.perf_counter() - start

test_accuracy = accuracy(model, X_test, y_test)
n_weights = sum(p.numel() for p in model.parameters())
print(tr(f"{n_weights} parameters, 500 steps in {seconds:.2f} s",
         f"{n_weights} 个参数，500 步用时 {seconds:.2f} s"))
train_accuracy = accuracy(model, X_train, y_train)
print(tr(f"train accuracy {train_accuracy:.1%}, test accuracy {test_accuracy:.1%}",
         f"训练准确率 {train_accuracy:.1%}，测试准确率 {test_accuracy:.1%}"))
print(tr("test accuracy >= 90%:", "测试准确率 >= 90%："), test_accuracy >= 0.9)

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
left.semilogy(losses, label=tr_plot("cross-entropy (training set)", "交叉熵（训练集）"))
left.set_title(tr_plot("Loss per step", "每步的损失"))
left.set_xlabel(tr_plot("step", "步数"))
left.set_ylabel(tr_plot("loss (log scale)", "损失（对数刻度）"))
left.legend()

gx, gy = np.meshgrid(np.linspace(-1.6, 2.6, 200), np.linspace(-1.1, 1.6, 200))
grid = np.stack([gx.ravel(), gy.ravel()], axis=1).astype(np.float32)
with cl.no_grad():
    probability = model(cl.tensor(grid)).softmax(dim=1).numpy()[:, 1].reshape(gx.shape)
right.contourf(gx, gy, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.5)
right.contour(gx, gy, probability, levels=[0.5], colors="black", linewidths=1.5)
for label, color in [(0, "tab:blue"), (1, "tab:red")]:
    mask = y_test == label
    right.scatter(X_test[mask, 0], X_test[mask, 1], s=12, color=color,
                  label=tr_plot(f"test, class {label}", f"测试集，类别 {label}"))
right.plot([], [], "k-", label=tr_plot("decision boundary (p = 0.5)", "决策边界（p = 0.5）"))
right.set_title(tr_plot(f"Decision boundary, test accuracy {test_accuracy:.1%}",
                        f"决策边界，测试准确率 {test_accuracy:.1%}"))
right.set_xlabel("x₁")
right.set_ylabel("x₂")
right.legend(loc="lower left", fontsize="small")
plt.show()

# %% [markdown]
# ## 6. Is all deep learning based on backpropagation?
#
# The seed ends with this question. Short answer: **almost all of today's deep
# learning is trained with backpropagation, but learning itself does not require it.**
#
# - **Why backprop dominates.** Reverse mode gives the *whole* gradient for a small
#   constant times the cost of one evaluation (forward pass) of the loss, whatever the
#   number of parameters (Lesson 6).
#   Nothing else comes close for millions of parameters.
# - **Gradient-free methods exist.** Evolution strategies, genetic algorithms
#   (neuroevolution) and random search only evaluate the loss. They work for small
#   models or objectives that are not differentiable at all (a game score, a
#   simulator), but need many more evaluations as the parameter count grows — the
#   same O(n) wall as numeric differentiation (Lesson 3).
# - **Other ways to get or replace gradients.** Forward-mode "forward gradients" (one
#   `jvp` along a random direction gives an unbiased estimate); local learning rules
#   inspired by the brain — Hebbian learning, feedback alignment, target propagation,
#   predictive coding, Hinton's Forward-Forward algorithm — which avoid sending errors
#   backwards through the same weights. None matches backprop at scale yet.
# - **Not every model is trained by gradients.** Decision trees, k-nearest neighbours
#   or least squares solved in closed form learn without backprop — though they are
#   not "deep".
# - **Even when the objective is not differentiable**, e.g. reinforcement learning,
#   the network inside is usually still trained by backprop on a surrogate (the
#   policy-gradient loss).
#
# A small experiment makes the cost argument concrete. A gradient-free *evolution
# strategy* estimates the gradient from loss values only:
# $\hat g = \frac1K\sum_k \frac{L(\theta + \sigma\varepsilon_k) - L(\theta - \sigma\varepsilon_k)}{2\sigma}\,\varepsilon_k$
# with random directions $\varepsilon_k$. How well does it point along the true
# (backprop) gradient of our trained model's loss, for $2K$ loss evaluations?
# <!-- zh -->
# ## 6. 深度学习都是基于反向传播的吗？
#
# 大纲以这个问题作结。简短的回答是：**当今几乎所有的深度学习都用反向传播来训练，但学习本身并不一定需要它。**
#
# - **为什么反向传播占主导地位。** 不论参数有多少，反向模式只需一次求值（前向传播）代价的一个小常数倍，就能得到*整个*梯度（第 6 课）。面对数百万个参数，其他方法都望尘莫及。
# - **无梯度方法是存在的。** 进化策略、遗传算法（神经进化）和随机搜索只对损失求值。它们适用于小模型，或者根本不可微的目标（游戏得分、模拟器），但随着参数数目增加，需要的求值次数也越来越多——和数值微分碰到的是同一堵 O(n) 的墙（第 3 课）。
# - **获得或替代梯度的其他途径。** 前向模式的“前向梯度”（沿一个随机方向做一次 `jvp`，就得到梯度的一个无偏估计）；还有受大脑启发的局部学习规则——赫布学习、反馈对齐、目标传播、预测编码、Hinton 的 Forward-Forward 算法——它们都避免通过同一组权重把误差反向传回。目前还没有哪一种能在大规模上与反向传播匹敌。
# - **并非每个模型都靠梯度训练。** 决策树、k 近邻，或者用闭式解求出的最小二乘，不需要反向传播就能学习——不过它们并不“深”。
# - **即使目标不可微**，例如在强化学习中，内部的网络通常仍然用反向传播在一个替代目标（策略梯度损失）上训练。
#
# 一个小实验能让关于代价的论证更具体。无梯度的*进化策略*只用损失值来估计梯度：
# $\hat g = \frac1K\sum_k \frac{L(\theta + \sigma\varepsilon_k) - L(\theta - \sigma\varepsilon_k)}{2\sigma}\,\varepsilon_k$，
# 其中 $\varepsilon_k$ 是随机方向。对于我们训练好的模型的损失，用 $2K$ 次损失求值得到的估计与真正的（反向传播得到的）梯度方向有多一致？

# %%
params = model.parameters()
theta = [p.detach().numpy().copy() for p in params]
n_params = sum(v.size for v in theta)


def loss_with(offsets):
    """The training loss at theta + offsets (loss values only: no graph, no backprop)."""
    with cl.no_grad():
        for p, base, offset in zip(params, theta, offsets):
            p.data[...] = base + offset
        value = cl.nn.cross_entropy(model(inputs), y_train).item()
        for p, base in zip(params, theta):
            p.data[...] = base
    return value


opt.zero_grad()
cl.nn.cross_entropy(model(inputs), y_train).backward()
true_grad = np.concatenate([p.grad.numpy().ravel() for p in params])

rng = np.random.default_rng(0)
sigma = 1e-3
print(tr(f"{n_params} parameters; backprop: 1 forward + 1 backward pass",
         f"{n_params} 个参数；反向传播：1 次前向传播 + 1 次反向传播"))
for K in [1, 10, 100, 400]:
    estimate = np.zeros(n_params)
    for _ in range(K):
        eps = [rng.standard_normal(v.shape).astype(v.dtype) for v in theta]
        slope = (loss_with([sigma * e for e in eps]) - loss_with([-sigma * e for e in eps])) / (2 * sigma)
        estimate += slope * np.concatenate([e.ravel() for e in eps]) / K
    cosine = estimate @ true_grad / (np.linalg.norm(estimate) * np.linalg.norm(true_grad))
    print(tr(f"K = {K:3d} directions ({2 * K:3d} loss evaluations): cosine(estimate, gradient) = {cosine:.2f}",
             f"K = {K:3d} 个方向（{2 * K:3d} 次损失求值）：cos(估计, 梯度) = {cosine:.2f}"))

# %% [markdown]
# With $K$ random directions the estimate's alignment with the true gradient grows
# only like $\sqrt{K/(K+n)}$ (0.05, 0.17, 0.47, 0.73 for $n = 354$): to come close to
# one backward pass it needs many times $n$ loss evaluations — and $n$ is in the
# billions for large models. That is the whole case
# for backpropagation.
# <!-- zh -->
# 用 $K$ 个随机方向时，估计与真实梯度的一致程度只按 $\sqrt{K/(K+n)}$ 增长（$n = 354$ 时依次为 0.05、0.17、0.47、0.73）：要接近一次反向传播的效果，需要 $n$ 的许多倍次损失求值——而大模型的 $n$ 数以十亿计。这就是选择反向传播的全部理由。

# %% [markdown]
# ## Exercises
#
# Each exercise has a cell to edit, a self-check cell to run after it, and a hidden solution.
# Try the hints in order before opening the solution.
#
# **Exercise 1 — count the weights.** How many parameters (weights and biases) does the network
# in Section 1's picture have — 5 inputs, 4 hidden neurons, 1 output, one bias per hidden and
# output neuron?
#
# <details><summary>Hint 1</summary>
#
# Every gray line in the picture is one weight. How many lines leave each input neuron?
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# A layer from $n_{in}$ to $n_{out}$ neurons has an $n_{out} \times n_{in}$ weight matrix and
# $n_{out}$ biases. Add the two layers.
#
# </details>
# <!-- zh -->
# ## 练习
#
# 每道练习都有一个供你编辑的单元格、一个在它之后运行的自检单元格，以及一份折叠起来的参考答案。打开参考答案之前，先按顺序看看提示。
#
# **练习 1——数一数权重。** 第 1 节图中的网络有 5 个输入、4 个隐藏神经元、1 个输出，每个隐藏神经元和输出神经元各有一个偏置。它一共有多少个参数（权重和偏置）？
#
# <details><summary>提示 1</summary>
#
# 图中每条灰线是一个权重。每个输入神经元引出多少条线？
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 从 $n_{in}$ 个神经元到 $n_{out}$ 个神经元的一层有一个 $n_{out} \times n_{in}$ 的权重矩阵和 $n_{out}$ 个偏置。再把两层加起来。
#
# </details>

# %%
# Exercise 1
answer = None  # your code here

# %%
# Self-check 1
_net = cl.nn.MLP([5, 4, 1])
check_number(1, answer, sum(p.numel() for p in _net.parameters()),
             hint=tr("count the lines of the picture, then the biases; see Hint 2",
                     "先数图中的连线，再数偏置；见提示 2"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 1
# answer = 5 * 4 + 4 + 4 * 1 + 1  # W1 (4×5), b1 (4), W2 (1×4), b2 (1) = 29
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 1
# answer = 5 * 4 + 4 + 4 * 1 + 1  # W1 (4×5), b1 (4), W2 (1×4), b2 (1) = 29
# ```
#
# </details>

# %% [markdown]
# **Exercise 2 — the first step back from a classifier's loss.** Section 5 trains with
# `cl.nn.cross_entropy`: for logits $Z$ (shape $N \times C$, one row of class scores per sample) and
# integer labels $y$,
#
# $$L = \frac1N \sum_{i=1}^N \ell_i, \qquad \ell_i = -\log \frac{e^{Z_{i,y_i}}}{\sum_j e^{Z_{ij}}}
# = -Z_{i,y_i} + \log \sum_j e^{Z_{ij}} .$$
#
# Derive $\bar Z = \partial L/\partial Z$ on paper and write `cross_entropy_backward(Z, y)` returning
# it as a numpy array of $Z$'s shape (numpy only). It is the $\bar y$ that starts the backward pass
# of Section 5's network.
#
# <details><summary>Hint 1</summary>
#
# Differentiate one $\ell_i$ with respect to one $Z_{ij}$. Two cases: $j = y_i$ and $j \ne y_i$. Rows
# $k \ne i$ do not depend on $Z_{ij}$.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# $\partial/\partial Z_{ij}$ of $\log\sum_k e^{Z_{ik}}$ is the softmax $p_{ij} = e^{Z_{ij}}/\sum_k e^{Z_{ik}}$;
# the term $-Z_{i,y_i}$ adds $-1$ where $j = y_i$; the mean divides by $N$. Subtract each row's
# maximum before `np.exp`, so that large logits do not overflow.
#
# </details>
# <!-- zh -->
# **练习 2——从分类器的损失往回走第一步。** 第 5 节用 `cl.nn.cross_entropy` 训练：对于 logits $Z$（形状为 $N \times C$，每个样本一行类别分数）和整数标签 $y$，
#
# $$L = \frac1N \sum_{i=1}^N \ell_i, \qquad \ell_i = -\log \frac{e^{Z_{i,y_i}}}{\sum_j e^{Z_{ij}}}
# = -Z_{i,y_i} + \log \sum_j e^{Z_{ij}} .$$
#
# 在纸上推导 $\bar Z = \partial L/\partial Z$，然后编写 `cross_entropy_backward(Z, y)`，以与 $Z$ 形状相同的 numpy 数组返回它（只用 numpy）。它就是第 5 节网络反向传播起点处的 $\bar y$。
#
# <details><summary>提示 1</summary>
#
# 对一个 $\ell_i$ 关于一个 $Z_{ij}$ 求导，分 $j = y_i$ 和 $j \ne y_i$ 两种情况。$k \ne i$ 的各行不依赖于 $Z_{ij}$。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# $\log\sum_k e^{Z_{ik}}$ 关于 $Z_{ij}$ 的偏导数是 softmax $p_{ij} = e^{Z_{ij}}/\sum_k e^{Z_{ik}}$；$-Z_{i,y_i}$ 这一项在 $j = y_i$ 处再加上 $-1$；取均值要除以 $N$。在调用 `np.exp` 之前先减去每行的最大值，以免 logits 很大时溢出。
#
# </details>

# %%
# Exercise 2
def cross_entropy_backward(Z, y):
    """∂L/∂Z for L = cross_entropy(Z, y) (mean over the N rows), as a numpy array of Z's shape."""
    raise NotImplementedError("return dL/dZ, an array of Z's shape")


# %%
# Self-check 2
def cross_entropy_autograd(Z, y):
    Zt = cl.tensor(Z, requires_grad=True)
    cl.nn.cross_entropy(Zt, y).backward()
    return Zt.grad.numpy()


rng_check = np.random.default_rng(7)
cases = [(rng_check.standard_normal((N_, C_)) * scale, rng_check.integers(0, C_, N_))
         for N_, C_, scale in [(1, 2, 1.0), (6, 3, 1.0), (4, 5, 3.0), (3, 4, 400.0)]]
check_function(2, cross_entropy_backward, cross_entropy_autograd, cases, tol=1e-8,
               hint=tr("two cases per entry: the true class and the others; the last case has "
                       "logits in the hundreds (mind np.exp); see Hint 2",
                       "每个元素分两种情况：真实类别和其他类别；最后一个用例的 logits 有几百"
                       "（小心 np.exp 溢出）；见提示 2"))

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 2
# def cross_entropy_backward(Z, y):
#     """∂L/∂Z for L = cross_entropy(Z, y) (mean over the N rows), as a numpy array of Z's shape."""
#     shifted = Z - Z.max(axis=1, keepdims=True)  # same softmax, no overflow
#     p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
#     p[np.arange(len(y)), y] -= 1  # the -Z[i, y_i] term
#     return p / len(y)  # the mean over N rows
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 2
# def cross_entropy_backward(Z, y):
#     """∂L/∂Z for L = cross_entropy(Z, y) (mean over the N rows), as a numpy array of Z's shape."""
#     shifted = Z - Z.max(axis=1, keepdims=True)  # same softmax, no overflow
#     p = np.exp(shifted) / np.exp(shifted).sum(axis=1, keepdims=True)
#     p[np.arange(len(y)), y] -= 1  # the -Z[i, y_i] term
#     return p / len(y)  # the mean over N rows
# ```
#
# </details>

# %% [markdown]
# **Exercise 3 — swap the activation.** Section 3's network used $\tanh$. With ReLU instead,
# $h = \max(z, 0)$: given the pre-activation `z` and the incoming gradient `dh`, return `dz` (a
# numpy array of `z`'s shape). At exactly $z = 0$ use the subgradient 0, as PyTorch and
# course_lib do.
#
# <details><summary>Hint 1</summary>
#
# What is the slope of $\max(z, 0)$ for $z > 0$, and for $z < 0$? The chain rule multiplies the
# incoming gradient by that slope, entry by entry.
#
# </details>
#
# <details><summary>Hint 2</summary>
#
# The gradient passes unchanged where $z > 0$ and is blocked (0) elsewhere: a boolean mask of $z$
# times `dh`.
#
# </details>
# <!-- zh -->
# **练习 3——换一个激活函数。** 第 3 节的网络用的是 $\tanh$。改用 ReLU，即 $h = \max(z, 0)$：给定激活前的值 `z` 和传入的梯度 `dh`，返回 `dz`（与 `z` 形状相同的 numpy 数组）。恰好在 $z = 0$ 处取次梯度 0，与 PyTorch 和 course_lib 的做法一致。
#
# <details><summary>提示 1</summary>
#
# $z > 0$ 和 $z < 0$ 时，$\max(z, 0)$ 的斜率各是多少？链式法则把传入的梯度逐元素乘以这个斜率。
#
# </details>
#
# <details><summary>提示 2</summary>
#
# 梯度在 $z > 0$ 处原样通过，在其他地方被挡住（为 0）：用 $z$ 的布尔掩码乘以 `dh`。
#
# </details>

# %%
# Exercise 3
def relu_backward(z, dh):
    """dL/dz for h = max(z, 0), given dL/dh, as a numpy array of z's shape."""
    raise NotImplementedError("return dh where z > 0 and 0 elsewhere")


# %%
# Self-check 3
def check_relu_backward(fn):
    z_ = np.array([[-1.5, 0.0, 2.0], [0.3, -0.2, 0.0]])
    dh_ = np.array([[1.0, 2.0, 3.0], [-4.0, 5.0, 6.0]])
    zt = cl.tensor(z_, requires_grad=True)
    zt.relu().backward(gradient=cl.tensor(dh_))
    try:
        got = fn(z_, dh_)
    except NotImplementedError:
        got = None
    except Exception as err:  # explain the learner's error instead of raising
        print(tr(f"Exercise 3: not right yet — relu_backward raised {type(err).__name__}: {err}. "
                 "Hint: see Hint 1",
                 f"练习 3：还不对 — relu_backward 抛出了 {type(err).__name__}: {err}。提示：见提示 1"))
        return
    if got is None:
        print(tr("Exercise 3: not attempted yet", "练习 3：尚未作答"))
        return
    got = np.asarray(got, dtype=float)
    if got.shape != z_.shape:
        verdict(3, False, tr(f"an array of z's shape {z_.shape}", f"形状与 z 相同的数组 {z_.shape}"),
                tr(f"shape {got.shape}", f"形状 {got.shape}"),
                tr("one entry of dz per entry of z", "z 的每个元素对应 dz 的一个元素"))
        return
    wrong = np.argwhere(~np.isclose(got, zt.grad.numpy()))
    if len(wrong):
        i, j = wrong[0]
        verdict(3, False, tr(f"another value where z = {z_[i, j]:g} and dh = {dh_[i, j]:g}",
                             f"在 z = {z_[i, j]:g}、dh = {dh_[i, j]:g} 处应是另一个值"),
                f"{got[i, j]:g}", tr("what is the slope of max(z, 0) there? See Hint 2",
                                     "max(z, 0) 在那里的斜率是多少？见提示 2"))
        return
    verdict(3, True, "", "")


check_relu_backward(relu_backward)

# %% [markdown]
# <details><summary>Solution</summary>
#
# ```python
# # Exercise 3
# def relu_backward(z, dh):
#     """dL/dz for h = max(z, 0), given dL/dh, as a numpy array of z's shape."""
#     return dh * (z > 0)
# ```
#
# </details>
# <!-- zh -->
# <details><summary>Solution · 参考答案</summary>
#
# ```python
# # Exercise 3
# def relu_backward(z, dh):
#     """dL/dz for h = max(z, 0), given dL/dh, as a numpy array of z's shape."""
#     return dh * (z > 0)
# ```
#
# </details>

# %% [markdown]
# ## Summary
#
# - A feed-forward network passes data one way: input layer → hidden layers → output
#   layer; its weights live on the connections.
# - Backpropagation = forward pass (keep the intermediates), loss, then the chain rule
#   layer by layer from the output back: $\bar y \to (\bar W_2, \bar b_2, \bar h) \to
#   \bar z \to (\bar W_1, \bar b_1)$; a weight's gradient is incoming gradient × the
#   layer's input, and has the weight's shape.
# - The hand-written backward agrees with course_lib's `backward()` to rounding, and
#   `gradcheck` confirms both against finite differences.
# - With `cl.nn.MLP`, `cross_entropy` and `SGD`, a 2-16-16-2 network separates the two
#   moons in a fraction of a second.
# - Not all learning is backprop, but deep learning at scale is, because it gets all $n$
#   partial derivatives for the price of about one more pass.
#
# Next: [Lesson 11 — symbolic vs numeric vs automatic](11_symbolic_numeric_automatic.ipynb).
# <!-- zh -->
# ## 小结
#
# - 前馈神经网络中的数据单向传递：输入层 → 隐藏层 → 输出层；权重位于各个连接上。
# - 反向传播 = 前向传播（保存中间结果）、计算损失，然后从输出开始用链式法则逐层往回算：$\bar y \to (\bar W_2, \bar b_2, \bar h) \to \bar z \to (\bar W_1, \bar b_1)$；权重的梯度等于传入梯度 × 该层的输入，形状与权重相同。
# - 手写的反向传播与 course_lib 的 `backward()` 在舍入误差内一致，`gradcheck` 又用有限差分确认了两者。
# - 借助 `cl.nn.MLP`、`cross_entropy` 和 `SGD`，一个 2-16-16-2 的网络不到一秒就能把两个半月分开。
# - 并非所有学习都靠反向传播，但大规模的深度学习都靠它，因为它只需大约多一次传播的代价，就能得到全部 $n$ 个偏导数。
#
# 下一课：[第 11 课——符号微分、数值微分与自动微分](11_symbolic_numeric_automatic.ipynb)。

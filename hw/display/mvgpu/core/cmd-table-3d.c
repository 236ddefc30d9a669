/*
 * mvgpu core: the Gen9 command-type-3 table (3D, common state, media,
 * GPGPU, video and VEBOX commands).
 *
 * Entries are sorted by key, then by engines. A key may appear more than
 * once, for disjoint engines: pipeline 2 opcodes 0 and 1 are media and
 * GPGPU on RCS but MFX on VCS, and opcode 4 is MFX VP8 on VCS but VEBOX
 * on VECS. Each such command has its own entry, length and addresses;
 * the index in cmd.c is per engine. A unit test checks all of this.
 *
 * Length rules are field + 2 with the field width each command group
 * has: 8 bits for 3D state (9 for the binding table edits and the SO
 * declaration list), 16 for media, 12 for every VDBOX/VEBOX command.
 * A fixed length is exact where the sources agree; where the SKL and KBL
 * layouts (or genxml and the media driver) differ the entry takes the
 * range; where the command carries a list it has a minimum only.
 *
 * Addresses are the fields that hold a graphics address (GGTT or PPGTT).
 * Offsets from a base address are not: STATE_SIP, scratch space
 * pointers, CURBE/descriptor offsets, indirect data start "addresses" of
 * the media and MFD/HCP/HuC object commands, the HuC DMEM destination.
 * Fields that are an address only when a bit elsewhere says so cannot be
 * described by a fixed list and are left out (see HCP_PAK_INSERT_OBJECT).
 *
 * Sources, read for facts only (opcodes, lengths, address dwords):
 *   genxml  Mesa src/intel/genxml/gen9.xml
 *   mhw     Intel media-driver, media_driver/agnostic: gen9/hw and
 *           common/hw (render, SFC, VEBOX), gen9_skl and gen9_kbl
 *           hw/vdbox (MFX, HCP, HuC, VDEnc) *_hwcmd_* headers
 *   gvt     Linux drivers/gpu/drm/i915/gvt/cmd_parser.c
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include "cmd.h"

#define R           MVGPU_CMD_RCS
#define V           MVGPU_CMD_VCS
#define E           MVGPU_CMD_VECS
#define AT(...)     MVGPU_CMD_ADDRS(__VA_ARGS__)

/* A length field of @bits bits; @lo to @hi dwords (@hi 0: any). */
#define LEN(bits, lo, hi)   .len_bits = (bits), .len_min = (lo), \
                            .len_max = (hi)
/* Exactly @n dwords, 8-bit (3D), 16-bit (media), 12-bit (video) field. */
#define F8(n)       LEN(8, n, n)
#define F16(n)      LEN(16, n, n)
#define F12(n)      LEN(12, n, n)
/* Exactly one dword, whatever the low bits say. */
#define ONE         .len_bits = 0, .len_min = 1, .len_max = 1

#define CMD(nm, k, eng, ...) \
    { .name = nm, .key = k, .engines = eng, __VA_ARGS__ }

/* Pipeline 3, opcode 0 and 1: 3D state with an 8-bit length field. */
#define S0(sub, nm, n)  CMD(nm, MVGPU_CMD_3D(3, 0, sub), R, F8(n))
#define S1(sub, nm, n)  CMD(nm, MVGPU_CMD_3D(3, 1, sub), R, F8(n))

const MvgpuCmdDesc mvgpu_cmd_table_3d[] = {
    /*
     * Common state, pipelines 0 and 1. Checked against genxml; MFX_WAIT
     * against mhw (one dword, its 6-bit field is not a length + 2).
     * SWTESS_BASE_ADDRESS (0,1,3) is gone: neither genxml nor gvt has it
     * on Gen9.
     */
    CMD("STATE_PREFETCH", MVGPU_CMD_3D(0, 0, 0x03), R,
        .flags = MVGPU_CMD_A32, F8(2), AT(1)),   /* pointer 31:6 */
    /*
     * General, surface, dynamic, indirect, instruction, bindless. 19
     * dwords in genxml; IGT's Gen9 render copy (lib/rendercopy_gen9.c)
     * sets the field for 18, leaving the bindless size (its 19th dword,
     * zero, then runs as MI_NOOP).
     */
    CMD("STATE_BASE_ADDRESS", MVGPU_CMD_3D(0, 1, 0x01), R, LEN(8, 18, 19),
        .exec = MVGPU_EXEC_STATE_BASE_ADDRESS, AT(1, 4, 6, 8, 10, 16)),
    CMD("STATE_SIP", MVGPU_CMD_3D(0, 1, 0x02), R, F8(3)),   /* offset */
    CMD("GPGPU_CSR_BASE_ADDRESS", MVGPU_CMD_3D(0, 1, 0x04), R, F8(3),
        AT(1)),
    CMD("MFX_WAIT", MVGPU_CMD_3D(1, 0, 0x00), V, ONE),
    CMD("3DSTATE_VF_STATISTICS", MVGPU_CMD_3D(1, 0, 0x0b), R, ONE),
    CMD("PIPELINE_SELECT", MVGPU_CMD_3D(1, 1, 0x04), R, ONE),

    /*
     * Pipeline 2, opcode 0: media state (RCS, 16-bit length field; the
     * VFE scratch pointer and the CURBE and descriptor pointers are
     * offsets) and MFX common state (VCS, 12-bit field). Media checked
     * against genxml and mhw; MFX against genxml, mhw SKL and KBL (which
     * disagree on MFX_PIPE_BUF_ADDR_STATE: 65 and 68 dwords) and, for
     * MFX_STATE_POINTER, gvt. MFX_QM_STATE is 18 dwords in mhw, 34 in
     * genxml. MFX_DBK_OBJECT is genxml's alone. The indirect "start
     * addresses" of MFD_IT_OBJECT are offsets.
     */
    CMD("MEDIA_VFE_STATE", MVGPU_CMD_3D(2, 0, 0x00), R, F16(9),
        .exec = MVGPU_EXEC_MEDIA_VFE_STATE),
    CMD("MFX_PIPE_MODE_SELECT", MVGPU_CMD_MFX(2, 0, 0, 0), V, F12(5)),
    CMD("MEDIA_CURBE_LOAD", MVGPU_CMD_3D(2, 0, 0x01), R, F16(4),
        .exec = MVGPU_EXEC_MEDIA_CURBE_LOAD),
    CMD("MFX_SURFACE_STATE", MVGPU_CMD_MFX(2, 0, 0, 1), V, F12(6)),
    CMD("MEDIA_INTERFACE_DESCRIPTOR_LOAD", MVGPU_CMD_3D(2, 0, 0x02), R,
        F16(4), .exec = MVGPU_EXEC_MEDIA_INTERFACE_DESCRIPTOR_LOAD),
    /* Pre/post deblocking, source, stream-out, two row stores, 16
     * references, MB status, two ILDB stream-outs, scaled reference,
     * slice size stream-out (KBL). */
    CMD("MFX_PIPE_BUF_ADDR_STATE", MVGPU_CMD_MFX(2, 0, 0, 2), V,
        LEN(12, 65, 68),
        AT(1, 4, 7, 10, 13, 16, 19, 21, 23, 25, 27, 29, 31, 33, 35, 37, 39,
           41, 43, 45, 47, 49, 52, 55, 58, 62, 65)),
    /* Five objects, each a base address and (but the MV one) a bound. */
    CMD("MFX_IND_OBJ_BASE_ADDR_STATE", MVGPU_CMD_MFX(2, 0, 0, 3), V,
        F12(26), AT(1, 4, 6, 9, 11, 14, 16, 19, 21, 24)),
    CMD("MEDIA_STATE_FLUSH", MVGPU_CMD_3D(2, 0, 0x04), R, F16(2)),
    CMD("MFX_BSP_BUF_BASE_ADDR_STATE", MVGPU_CMD_MFX(2, 0, 0, 4), V,
        F12(10), AT(1, 4, 7)),
    CMD("MFX_STATE_POINTER", MVGPU_CMD_MFX(2, 0, 0, 6), V, F12(2)),
    CMD("MFX_QM_STATE", MVGPU_CMD_MFX(2, 0, 0, 7), V, LEN(12, 18, 34)),
    CMD("MFX_FQM_STATE", MVGPU_CMD_MFX(2, 0, 0, 8), V, F12(34)),
    CMD("MFX_DBK_OBJECT", MVGPU_CMD_MFX(2, 0, 0, 9), V, F12(13),
        AT(1, 4, 7, 10)),
    CMD("MFD_IT_OBJECT", MVGPU_CMD_MFX(2, 0, 1, 9), V, LEN(12, 7, 0)),
    CMD("MFX_PAK_INSERT_OBJECT", MVGPU_CMD_MFX(2, 0, 2, 8), V,
        LEN(12, 2, 0)),
    CMD("MFX_STITCH_OBJECT", MVGPU_CMD_MFX(2, 0, 2, 0xa), V, LEN(12, 4, 0)),

    /*
     * VDEnc (VCS), opcode 26:23 = 1. Checked against mhw SKL and KBL and
     * genxml, which is one dword longer on PIPE_BUF_ADDR, IMG and
     * CONST_QPT and longer again on WALKER_STATE (2 SKL, 4 KBL, fields
     * to dword 9 in genxml). genxml leaves DS BWD REF0 (dword 7) out of
     * PIPE_BUF_ADDR; mhw has it. WEIGHTSOFFSETS_STATE is KBL's (mhw).
     */
    CMD("VDENC_PIPE_MODE_SELECT", MVGPU_CMD_VD(1, 0x00), V, F12(2)),
    CMD("VDENC_SRC_SURFACE_STATE", MVGPU_CMD_VD(1, 0x01), V, F12(6)),
    CMD("VDENC_REF_SURFACE_STATE", MVGPU_CMD_VD(1, 0x02), V, F12(6)),
    CMD("VDENC_DS_REF_SURFACE_STATE", MVGPU_CMD_VD(1, 0x03), V, F12(6)),
    CMD("VDENC_PIPE_BUF_ADDR_STATE", MVGPU_CMD_VD(1, 0x04), V,
        LEN(12, 37, 38),
        AT(1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34)),
    CMD("VDENC_IMG_STATE", MVGPU_CMD_VD(1, 0x05), V, LEN(12, 35, 36)),
    CMD("VDENC_CONST_QPT_STATE", MVGPU_CMD_VD(1, 0x06), V, LEN(12, 61, 62)),
    CMD("VDENC_WALKER_STATE", MVGPU_CMD_VD(1, 0x07), V, LEN(12, 2, 10)),
    CMD("VDENC_WEIGHTSOFFSETS_STATE", MVGPU_CMD_VD(1, 0x08), V, F12(3)),

    /*
     * Pipeline 2, opcode 1: media objects and walkers (RCS; the media
     * objects' indirect data start address is an offset from the
     * indirect object base) and MFX AVC (VCS). Media checked against
     * genxml and mhw. AVC against mhw SKL and KBL (IMG_STATE 21 and
     * SLICE_STATE 11 dwords: genxml's length attributes are stale, its
     * fields reach those lengths; SLICEADDR and BSD_OBJECT are one dword
     * longer on KBL) and genxml (MFC_AVC_PAK_OBJECT: a minimum only, its
     * inline data varies). MFX_AVC_QM_STATE (2,1,0,1) is gone: Gen9 has
     * MFX_QM_STATE instead (genxml, mhw).
     */
    CMD("MEDIA_OBJECT", MVGPU_CMD_3D(2, 1, 0x00), R, LEN(16, 6, 0)),
    CMD("MFX_AVC_IMG_STATE", MVGPU_CMD_MFX(2, 1, 0, 0), V, F12(21)),
    CMD("MEDIA_OBJECT_PRT", MVGPU_CMD_3D(2, 1, 0x02), R, F16(16)),
    /* 16 reference direct MV buffers, then the write buffer. */
    CMD("MFX_AVC_DIRECTMODE_STATE", MVGPU_CMD_MFX(2, 1, 0, 2), V, F12(71),
        AT(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31, 34)),
    CMD("MEDIA_OBJECT_WALKER", MVGPU_CMD_3D(2, 1, 0x03), R, LEN(16, 17, 0)),
    CMD("MFX_AVC_SLICE_STATE", MVGPU_CMD_MFX(2, 1, 0, 3), V, F12(11)),
    CMD("MFX_AVC_REF_IDX_STATE", MVGPU_CMD_MFX(2, 1, 0, 4), V, F12(10)),
    CMD("GPGPU_WALKER", MVGPU_CMD_3D(2, 1, 0x05), R, F8(15),
        .exec = MVGPU_EXEC_GPGPU_WALKER),
    CMD("MFX_AVC_WEIGHTOFFSET_STATE", MVGPU_CMD_MFX(2, 1, 0, 5), V,
        F12(98)),
    CMD("MEDIA_OBJECT_GRPID", MVGPU_CMD_3D(2, 1, 0x06), R, LEN(16, 7, 0)),
    CMD("MFD_AVC_PICID_STATE", MVGPU_CMD_MFX(2, 1, 1, 5), V, F12(10)),
    CMD("MFD_AVC_DPB_STATE", MVGPU_CMD_MFX(2, 1, 1, 6), V, F12(27)),
    CMD("MFD_AVC_SLICEADDR", MVGPU_CMD_MFX(2, 1, 1, 7), V, LEN(12, 3, 4)),
    CMD("MFD_AVC_BSD_OBJECT", MVGPU_CMD_MFX(2, 1, 1, 8), V, LEN(12, 6, 7)),
    CMD("MFC_AVC_PAK_OBJECT", MVGPU_CMD_MFX(2, 1, 2, 9), V, LEN(12, 12, 0)),

    /* MFX VC-1 (VCS): genxml and mhw agree. */
    CMD("MFX_VC1_PRED_PIPE_STATE", MVGPU_CMD_MFX(2, 2, 0, 1), V, F12(6)),
    CMD("MFX_VC1_DIRECTMODE_STATE", MVGPU_CMD_MFX(2, 2, 0, 2), V, F12(7),
        AT(1, 4)),
    CMD("MFD_VC1_SHORT_PIC_STATE", MVGPU_CMD_MFX(2, 2, 1, 0), V, F12(5)),
    CMD("MFD_VC1_LONG_PIC_STATE", MVGPU_CMD_MFX(2, 2, 1, 1), V, F12(6)),
    CMD("MFD_VC1_BSD_OBJECT", MVGPU_CMD_MFX(2, 2, 1, 8), V, F12(5)),

    /*
     * MFX MPEG-2 (VCS): mhw and genxml. PIC_STATE is 13 dwords in mhw,
     * fields to dword 11 in genxml (whose length attribute, 2, is
     * stale). PAK_OBJECT is genxml's. MFX_MPEG2_QM_STATE (2,3,0,1) is
     * gone: Gen9 loads MPEG-2 matrices with MFX_QM_STATE.
     */
    CMD("MFX_MPEG2_PIC_STATE", MVGPU_CMD_MFX(2, 3, 0, 0), V, LEN(12, 12, 13)),
    CMD("MFD_MPEG2_BSD_OBJECT", MVGPU_CMD_MFX(2, 3, 1, 8), V, F12(5)),
    CMD("MFC_MPEG2_SLICEGROUP_STATE", MVGPU_CMD_MFX(2, 3, 2, 3), V, F12(8)),
    CMD("MFC_MPEG2_PAK_OBJECT", MVGPU_CMD_MFX(2, 3, 2, 9), V, F12(9)),

    /*
     * HCP, HEVC and VP9 (VCS), opcode 26:23 = 7. Checked against mhw SKL
     * and KBL, which differ (KBL adds VP9: PIPE_MODE_SELECT 4/6,
     * PIPE_BUF_ADDR 95/104, PIC_STATE 19/32, SLICE_STATE 9/11,
     * VP9_SEGMENT_STATE 8/7), and genxml (addresses; its length
     * attributes for PIC, SLICE, VP9_PIC and RDOQ are stale). QM_STATE
     * is 18 in mhw, 34 in genxml. PAK_OBJECT is genxml's alone, without
     * a reliable length: a minimum only. PAK_INSERT_OBJECT's indirect
     * payload address (dwords 3-4 when DW1 bit 31 is set) is not
     * described. HCP_TILE_CODING is left out: genxml's entry contradicts
     * itself (length 1, fields to dword 4) and mhw has none on Gen9.
     */
    CMD("HCP_PIPE_MODE_SELECT", MVGPU_CMD_VD(7, 0x00), V, LEN(12, 4, 6)),
    CMD("HCP_SURFACE_STATE", MVGPU_CMD_VD(7, 0x01), V, F12(3)),
    /* Decoded picture, ten row/column buffers, current MV, 8 references,
     * source, stream-out, status, LCU ILDB, 8 collocated MV, VP9
     * probability, segment ID and two HVD row stores. */
    CMD("HCP_PIPE_BUF_ADDR_STATE", MVGPU_CMD_VD(7, 0x02), V,
        LEN(12, 95, 104),
        AT(1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 37, 39, 41, 43, 45, 47,
           49, 51, 54, 57, 60, 63, 66, 68, 70, 72, 74, 76, 78, 80, 83, 86,
           89, 92)),
    CMD("HCP_IND_OBJ_BASE_ADDR_STATE", MVGPU_CMD_VD(7, 0x03), V, F12(14),
        AT(1, 4, 6, 9, 12)),
    CMD("HCP_QM_STATE", MVGPU_CMD_VD(7, 0x04), V, LEN(12, 18, 34)),
    CMD("HCP_FQM_STATE", MVGPU_CMD_VD(7, 0x05), V, F12(34)),
    CMD("HEVC_VP9_RDOQ_STATE", MVGPU_CMD_VD(7, 0x08), V, F12(130)),
    CMD("HCP_PIC_STATE", MVGPU_CMD_VD(7, 0x10), V, LEN(12, 19, 32)),
    CMD("HCP_TILE_STATE", MVGPU_CMD_VD(7, 0x11), V, F12(13)),
    CMD("HCP_REF_IDX_STATE", MVGPU_CMD_VD(7, 0x12), V, F12(18)),
    CMD("HCP_WEIGHTOFFSET_STATE", MVGPU_CMD_VD(7, 0x13), V, F12(34)),
    CMD("HCP_SLICE_STATE", MVGPU_CMD_VD(7, 0x14), V, LEN(12, 9, 11)),
    CMD("HCP_BSD_OBJECT", MVGPU_CMD_VD(7, 0x20), V, F12(3)),
    CMD("HCP_PAK_OBJECT", MVGPU_CMD_VD(7, 0x21), V, LEN(12, 2, 0)),
    CMD("HCP_PAK_INSERT_OBJECT", MVGPU_CMD_VD(7, 0x22), V, LEN(12, 2, 0)),
    CMD("HCP_VP9_PIC_STATE", MVGPU_CMD_VD(7, 0x30), V, F12(19)),
    CMD("HCP_VP9_SEGMENT_STATE", MVGPU_CMD_VD(7, 0x32), V, LEN(12, 7, 8)),

    /*
     * Opcode 4: MFX VP8 (VCS) and VEBOX (VECS) share keys. VP8 checked
     * against mhw (PIC_STATE 38 and ENCODER_CFG 30 dwords; genxml's
     * length attributes say 2, its fields reach 38 and 30; PIC_STATE's
     * two stream-in addresses are mhw's) and genxml (BSP_BUF_BASE_ADDR
     * addresses, PAK_OBJECT). VEBOX against mhw (gen9 and common) and
     * gvt (opcodes); genxml has no VEBOX commands.
     */
    CMD("MFX_VP8_PIC_STATE", MVGPU_CMD_MFX(2, 4, 0, 0), V, F12(38),
        AT(16, 35)),
    CMD("VEBOX_SURFACE_STATE", MVGPU_CMD_MFX(2, 4, 0, 0), E, F12(9)),
    CMD("VEBOX_TILING_CONVERT", MVGPU_CMD_MFX(2, 4, 0, 1), E, F12(5),
        AT(1, 3)),
    /* DN/DI, IECP, gamut, vertex table, capture pipe, LACE LUT, gamma. */
    CMD("VEBOX_STATE", MVGPU_CMD_MFX(2, 4, 0, 2), E, F12(16),
        AT(2, 4, 6, 8, 10, 12, 14)),
    /* Current/previous in, STMM in/out, denoised, current/previous out,
     * statistics, vignette, LACE/ACE histogram, skin score. */
    CMD("VEB_DI_IECP", MVGPU_CMD_MFX(2, 4, 0, 3), E, F12(24),
        AT(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22)),
    CMD("MFD_VP8_BSD_OBJECT", MVGPU_CMD_MFX(2, 4, 1, 8), V, F12(22)),
    CMD("MFX_VP8_ENCODER_CFG", MVGPU_CMD_MFX(2, 4, 2, 1), V, F12(30)),
    CMD("MFX_VP8_BSP_BUF_BASE_ADDR_STATE", MVGPU_CMD_MFX(2, 4, 2, 3), V,
        F12(32), AT(1, 4, 16, 20, 23, 26, 29)),
    CMD("MFX_VP8_PAK_OBJECT", MVGPU_CMD_MFX(2, 4, 2, 9), V, F12(7)),

    /*
     * SFC (VCS after decode, VECS after VEBOX), opcode 26:23 = 10: mhw
     * (SFC_STATE 34 dwords, its three surface addresses) and genxml
     * (32). HuC (VCS), opcode 26:23 = 11: mhw SKL and KBL and genxml
     * agree; the DMEM destination and the stream object's in/out
     * "addresses" are HuC-side offsets.
     */
    CMD("SFC_LOCK", MVGPU_CMD_VD(0xa, 0x00), V | E, F12(2)),
    CMD("SFC_STATE", MVGPU_CMD_VD(0xa, 0x01), V | E, LEN(12, 32, 34),
        AT(17, 20, 23)),
    CMD("SFC_AVS_STATE", MVGPU_CMD_VD(0xa, 0x02), V | E, F12(3)),
    CMD("SFC_IEF_STATE", MVGPU_CMD_VD(0xa, 0x03), V | E, F12(24)),
    CMD("SFC_FRAME_START", MVGPU_CMD_VD(0xa, 0x04), V | E, F12(2)),
    CMD("SFC_AVS_LUMA_COEFF_TABLE", MVGPU_CMD_VD(0xa, 0x05), V | E,
        F12(129)),
    CMD("SFC_AVS_CHROMA_COEFF_TABLE", MVGPU_CMD_VD(0xa, 0x06), V | E,
        F12(65)),
    CMD("HUC_PIPE_MODE_SELECT", MVGPU_CMD_VD(0xb, 0x00), V, F12(3)),
    CMD("HUC_IMEM_STATE", MVGPU_CMD_VD(0xb, 0x01), V, F12(5)),
    CMD("HUC_DMEM_STATE", MVGPU_CMD_VD(0xb, 0x02), V, F12(6), AT(1)),
    CMD("HUC_CFG_STATE", MVGPU_CMD_VD(0xb, 0x03), V, F12(2)),
    /* 16 regions of three dwords, each starting with its address. */
    CMD("HUC_VIRTUAL_ADDR_STATE", MVGPU_CMD_VD(0xb, 0x04), V, F12(49),
        AT(1, 4, 7, 10, 13, 16, 19, 22, 25, 28, 31, 34, 37, 40, 43, 46)),
    CMD("HUC_IND_OBJ_BASE_ADDR_STATE", MVGPU_CMD_VD(0xb, 0x05), V, F12(11),
        AT(1, 4, 6, 9)),
    CMD("HUC_STREAM_OBJECT", MVGPU_CMD_VD(0xb, 0x20), V, F12(5)),
    CMD("HUC_START", MVGPU_CMD_VD(0xb, 0x21), V, F12(2)),

    /*
     * MFX JPEG (VCS): mhw and genxml; MFX_JPEG_HUFF_TABLE_STATE is 53
     * dwords in mhw (genxml's 831 is not a Gen9 length). Then the VDBOX
     * pipeline flush (mhw, genxml).
     */
    CMD("MFX_JPEG_PIC_STATE", MVGPU_CMD_MFX(2, 7, 0, 0), V, F12(3)),
    CMD("MFX_JPEG_HUFF_TABLE_STATE", MVGPU_CMD_MFX(2, 7, 0, 2), V, F12(53)),
    CMD("MFD_JPEG_BSD_OBJECT", MVGPU_CMD_MFX(2, 7, 1, 8), V, F12(6)),
    CMD("MFC_JPEG_HUFF_TABLE_STATE", MVGPU_CMD_MFX(2, 7, 2, 3), V,
        F12(176)),
    CMD("MFC_JPEG_SCAN_OBJECT", MVGPU_CMD_MFX(2, 7, 2, 9), V, F12(3)),
    CMD("VD_PIPELINE_FLUSH", MVGPU_CMD_VD(0xf, 0x00), V, F12(2)),

    /*
     * 3D state, pipeline 3 opcode 0, all checked against genxml. The
     * scratch space pointers of the shader stages are offsets from the
     * general state base, not addresses.
     */
    S0(0x04, "3DSTATE_CLEAR_PARAMS", 3),
    CMD("3DSTATE_DEPTH_BUFFER", MVGPU_CMD_3D(3, 0, 0x05), R, F8(8), AT(2)),
    CMD("3DSTATE_STENCIL_BUFFER", MVGPU_CMD_3D(3, 0, 0x06), R, F8(5),
        AT(2)),
    CMD("3DSTATE_HIER_DEPTH_BUFFER", MVGPU_CMD_3D(3, 0, 0x07), R, F8(5),
        AT(2)),
    /*
     * One 4-dword VERTEX_BUFFER_STATE per buffer, its address at its
     * dword 1. Gen9 has 33 vertex buffers: at most 1 + 33 * 4 dwords, so
     * that every address of an accepted command is listed.
     */
    CMD("3DSTATE_VERTEX_BUFFERS", MVGPU_CMD_3D(3, 0, 0x08), R,
        LEN(8, 5, 133),
        AT(2, 6, 10, 14, 18, 22, 26, 30, 34, 38, 42, 46, 50, 54, 58, 62, 66,
           70, 74, 78, 82, 86, 90, 94, 98, 102, 106, 110, 114, 118, 122,
           126, 130)),
    CMD("3DSTATE_VERTEX_ELEMENTS", MVGPU_CMD_3D(3, 0, 0x09), R,
        LEN(8, 3, 0)),
    CMD("3DSTATE_INDEX_BUFFER", MVGPU_CMD_3D(3, 0, 0x0a), R, F8(5), AT(2)),
    S0(0x0c, "3DSTATE_VF", 2),
    S0(0x0d, "3DSTATE_MULTISAMPLE", 2),
    S0(0x0e, "3DSTATE_CC_STATE_POINTERS", 2),
    S0(0x0f, "3DSTATE_SCISSOR_STATE_POINTERS", 2),
    S0(0x10, "3DSTATE_VS", 9),
    S0(0x11, "3DSTATE_GS", 10),
    S0(0x12, "3DSTATE_CLIP", 4),
    S0(0x13, "3DSTATE_SF", 4),
    S0(0x14, "3DSTATE_WM", 2),
    /*
     * Push constants: 11 dwords, four buffer pointers at dwords 3, 5, 7
     * and 9 (3DSTATE_CONSTANT_BODY). Buffer 0 is an address only while
     * INSTPM's "constant buffer address offset disable" is set (as Mesa
     * sets it); otherwise an offset from the dynamic state base.
     */
    CMD("3DSTATE_CONSTANT_VS", MVGPU_CMD_3D(3, 0, 0x15), R, F8(11),
        AT(3, 5, 7, 9)),
    CMD("3DSTATE_CONSTANT_GS", MVGPU_CMD_3D(3, 0, 0x16), R, F8(11),
        AT(3, 5, 7, 9)),
    CMD("3DSTATE_CONSTANT_PS", MVGPU_CMD_3D(3, 0, 0x17), R, F8(11),
        AT(3, 5, 7, 9)),
    S0(0x18, "3DSTATE_SAMPLE_MASK", 2),
    CMD("3DSTATE_CONSTANT_HS", MVGPU_CMD_3D(3, 0, 0x19), R, F8(11),
        AT(3, 5, 7, 9)),
    CMD("3DSTATE_CONSTANT_DS", MVGPU_CMD_3D(3, 0, 0x1a), R, F8(11),
        AT(3, 5, 7, 9)),
    S0(0x1b, "3DSTATE_HS", 9),
    S0(0x1c, "3DSTATE_TE", 4),
    S0(0x1d, "3DSTATE_DS", 11),
    S0(0x1e, "3DSTATE_STREAMOUT", 5),
    S0(0x1f, "3DSTATE_SBE", 6),
    S0(0x20, "3DSTATE_PS", 12),
    /* State pointers: offsets, not addresses. */
    S0(0x21, "3DSTATE_VIEWPORT_STATE_POINTERS_SF_CLIP", 2),
    S0(0x23, "3DSTATE_VIEWPORT_STATE_POINTERS_CC", 2),
    S0(0x24, "3DSTATE_BLEND_STATE_POINTERS", 2),
    S0(0x26, "3DSTATE_BINDING_TABLE_POINTERS_VS", 2),
    S0(0x27, "3DSTATE_BINDING_TABLE_POINTERS_HS", 2),
    S0(0x28, "3DSTATE_BINDING_TABLE_POINTERS_DS", 2),
    S0(0x29, "3DSTATE_BINDING_TABLE_POINTERS_GS", 2),
    S0(0x2a, "3DSTATE_BINDING_TABLE_POINTERS_PS", 2),
    S0(0x2b, "3DSTATE_SAMPLER_STATE_POINTERS_VS", 2),
    S0(0x2c, "3DSTATE_SAMPLER_STATE_POINTERS_HS", 2),
    S0(0x2d, "3DSTATE_SAMPLER_STATE_POINTERS_DS", 2),
    S0(0x2e, "3DSTATE_SAMPLER_STATE_POINTERS_GS", 2),
    S0(0x2f, "3DSTATE_SAMPLER_STATE_POINTERS_PS", 2),
    S0(0x30, "3DSTATE_URB_VS", 2),
    S0(0x31, "3DSTATE_URB_HS", 2),
    S0(0x32, "3DSTATE_URB_DS", 2),
    S0(0x33, "3DSTATE_URB_GS", 2),
    /* Gather constants: entry lists, offsets into the gather pool. */
    CMD("3DSTATE_GATHER_CONSTANT_VS", MVGPU_CMD_3D(3, 0, 0x34), R,
        LEN(8, 3, 0)),
    CMD("3DSTATE_GATHER_CONSTANT_GS", MVGPU_CMD_3D(3, 0, 0x35), R,
        LEN(8, 3, 0)),
    CMD("3DSTATE_GATHER_CONSTANT_HS", MVGPU_CMD_3D(3, 0, 0x36), R,
        LEN(8, 3, 0)),
    CMD("3DSTATE_GATHER_CONSTANT_DS", MVGPU_CMD_3D(3, 0, 0x37), R,
        LEN(8, 3, 0)),
    CMD("3DSTATE_GATHER_CONSTANT_PS", MVGPU_CMD_3D(3, 0, 0x38), R,
        LEN(8, 3, 0)),
    /* Binding table edits: entry lists, a 9-bit length field. */
    CMD("3DSTATE_BINDING_TABLE_EDIT_VS", MVGPU_CMD_3D(3, 0, 0x43), R,
        LEN(9, 3, 0)),
    CMD("3DSTATE_BINDING_TABLE_EDIT_GS", MVGPU_CMD_3D(3, 0, 0x44), R,
        LEN(9, 3, 0)),
    CMD("3DSTATE_BINDING_TABLE_EDIT_HS", MVGPU_CMD_3D(3, 0, 0x45), R,
        LEN(9, 3, 0)),
    CMD("3DSTATE_BINDING_TABLE_EDIT_DS", MVGPU_CMD_3D(3, 0, 0x46), R,
        LEN(9, 3, 0)),
    CMD("3DSTATE_BINDING_TABLE_EDIT_PS", MVGPU_CMD_3D(3, 0, 0x47), R,
        LEN(9, 3, 0)),
    S0(0x49, "3DSTATE_VF_INSTANCING", 3),
    S0(0x4a, "3DSTATE_VF_SGVS", 2),
    S0(0x4b, "3DSTATE_VF_TOPOLOGY", 2),
    S0(0x4c, "3DSTATE_WM_CHROMAKEY", 2),
    S0(0x4d, "3DSTATE_PS_BLEND", 2),
    S0(0x4e, "3DSTATE_WM_DEPTH_STENCIL", 4),
    S0(0x4f, "3DSTATE_PS_EXTRA", 2),
    S0(0x50, "3DSTATE_RASTER", 5),
    S0(0x51, "3DSTATE_SBE_SWIZ", 11),
    S0(0x52, "3DSTATE_WM_HZ_OP", 5),
    /* Global constant buffer: dword 2 bits 31:6, dword 3 the high half. */
    CMD("3DSTATE_RS_CONSTANT_POINTER", MVGPU_CMD_3D(3, 0, 0x54), R, F8(4),
        AT(2)),
    S0(0x55, "3DSTATE_VF_COMPONENT_PACKING", 5),

    /*
     * 3D state, pipeline 3 opcode 1: genxml, but for
     * 3DSTATE_DX9_CONSTANTBUFFER_POOL_ALLOC, which only gvt lists (BDW+).
     */
    S1(0x00, "3DSTATE_DRAWING_RECTANGLE", 4),
    CMD("3DSTATE_SAMPLER_PALETTE_LOAD0", MVGPU_CMD_3D(3, 1, 0x02), R,
        LEN(8, 2, 0)),
    S1(0x04, "3DSTATE_CHROMA_KEY", 4),
    S1(0x06, "3DSTATE_POLY_STIPPLE_OFFSET", 2),
    S1(0x07, "3DSTATE_POLY_STIPPLE_PATTERN", 33),
    S1(0x08, "3DSTATE_LINE_STIPPLE", 3),
    S1(0x0a, "3DSTATE_AA_LINE_PARAMETERS", 3),
    CMD("3DSTATE_SAMPLER_PALETTE_LOAD1", MVGPU_CMD_3D(3, 1, 0x0c), R,
        LEN(8, 2, 0)),
    S1(0x11, "3DSTATE_MONOFILTER_SIZE", 2),
    S1(0x12, "3DSTATE_PUSH_CONSTANT_ALLOC_VS", 2),
    S1(0x13, "3DSTATE_PUSH_CONSTANT_ALLOC_HS", 2),
    S1(0x14, "3DSTATE_PUSH_CONSTANT_ALLOC_DS", 2),
    S1(0x15, "3DSTATE_PUSH_CONSTANT_ALLOC_GS", 2),
    S1(0x16, "3DSTATE_PUSH_CONSTANT_ALLOC_PS", 2),
    /* 3 + 2 dwords per declaration, a 9-bit length field. */
    CMD("3DSTATE_SO_DECL_LIST", MVGPU_CMD_3D(3, 1, 0x17), R, LEN(9, 3, 0)),
    /* Surface base address, then stream offset write-back address. */
    CMD("3DSTATE_SO_BUFFER", MVGPU_CMD_3D(3, 1, 0x18), R, F8(8), AT(2, 5)),
    CMD("3DSTATE_BINDING_TABLE_POOL_ALLOC", MVGPU_CMD_3D(3, 1, 0x19), R,
        F8(4), AT(1)),
    CMD("3DSTATE_GATHER_POOL_ALLOC", MVGPU_CMD_3D(3, 1, 0x1a), R, F8(4),
        AT(1)),
    CMD("3DSTATE_DX9_CONSTANTBUFFER_POOL_ALLOC", MVGPU_CMD_3D(3, 1, 0x1b),
        R, F8(4), AT(1)),
    S1(0x1c, "3DSTATE_SAMPLE_PATTERN", 9),
    S1(0x1d, "3DSTATE_URB_CLEAR", 2),

    /* Pipe control and drawing: genxml. */
    CMD("PIPE_CONTROL", MVGPU_CMD_3D(3, 2, 0x00), R,
        .exec = MVGPU_EXEC_PIPE_CONTROL, F8(6), AT(2)),
    CMD("3DPRIMITIVE", MVGPU_CMD_3D(3, 3, 0x00), R, F8(7)),
};

const size_t mvgpu_cmd_table_3d_len =
    sizeof(mvgpu_cmd_table_3d) / sizeof(mvgpu_cmd_table_3d[0]);
